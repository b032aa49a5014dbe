import { certificateFacts as parseCertificateFacts } from '@meridian/certs';
import type { CertificateFacts, PolicyService } from '@meridian/policy';
import type { RegistryService } from '@meridian/registry';
import type { CertificateAttachments } from '../certificates/certificates.service.js';
import type { CertificatesStore } from '../certificates/certificates.store.js';

const FACTS_CACHE_SIZE = 10_000;

/**
 * Subject, issuer, SANs and serial of registered certificates, as the policy variables name them.
 * Certificates never change once registered, so parsed facts are cached (bounded).
 */
export function certificateFactsReader(
  store: CertificatesStore,
): (certificateId: string) => CertificateFacts | undefined {
  const cache = new Map<string, CertificateFacts>();
  return (certificateId) => {
    const cached = cache.get(certificateId);
    if (cached !== undefined) return cached;
    const record = store.get(certificateId);
    if (record === undefined) return undefined;
    const parsed = parseCertificateFacts(record.certificatePem);
    const facts: CertificateFacts = {
      id: certificateId,
      serialNumber: parsed.serialNumber,
      subject: parsed.subject,
      issuer: parsed.issuer,
      subjectAlternativeNames: parsed.subjectAlternativeNames,
      issuerAlternativeNames: parsed.issuerAlternativeNames,
    };
    if (cache.size >= FACTS_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(certificateId, facts);
    return facts;
  };
}

export async function thingGroupExists(registry: RegistryService, thingGroupName: string): Promise<boolean> {
  try {
    await registry.thingGroups.describe({ thingGroupName });
    return true;
  } catch {
    return false;
  }
}

/** Ancestors of a thing group, parent first (their policies apply to the group's things too). */
export async function thingGroupAncestors(registry: RegistryService, thingGroupName: string): Promise<string[]> {
  const group = await registry.thingGroups.describe({ thingGroupName });
  const rootToParent = group.thingGroupMetadata?.rootToParentThingGroups ?? [];
  return rootToParent.map((ancestor) => ancestor.groupName).reverse();
}

/** DeleteCertificate's preconditions (reference §4.5): no attached policies, no attached things. */
export function certificateAttachments(policies: PolicyService, registry: RegistryService): CertificateAttachments {
  return {
    hasAttachedPolicies: async (arn) => (await policies.listAttachedPolicies(arn, { pageSize: 1 })).policies.length > 0,
    hasAttachedThings: async (arn) =>
      (await registry.principals.listThings({ principal: arn, maxResults: 1 })).things.length > 0,
    detachAllPolicies: async (arn) => {
      for (;;) {
        const { policies: attached } = await policies.listAttachedPolicies(arn);
        if (attached.length === 0) return;
        for (const { policyName } of attached) await policies.detachPolicy(policyName, arn);
      }
    },
  };
}
