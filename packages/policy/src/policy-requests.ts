import { DomainError, type IotArns } from '@meridian/contracts';

const invalid = (message: string): DomainError => new DomainError('InvalidRequestException', message);

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

export function checkPolicyName(name: string): void {
  if (!POLICY_NAME.test(name))
    throw invalid(`Policy name "${name}" must be 1 to 128 characters of letters, digits and _+=,.@-`);
}

/** Policy version ids are the decimal numbers "1", "2", … */
export function parseVersionId(versionId: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(versionId)) throw invalid(`Policy version id "${versionId}" must be a positive number`);
  return Number(versionId);
}

export type PolicyTarget =
  | { kind: 'certificate'; arn: string; certificateId: string }
  | { kind: 'thing-group'; arn: string; thingGroupName: string };

const THING_GROUP_NAME = /^[a-zA-Z0-9:_-]{1,128}$/;

/** A certificate ARN (`…:cert/{id}`) or thing group ARN (`…:thinggroup/{name}`) of this platform. */
export function parsePolicyTarget(target: string, arns: IotArns): PolicyTarget {
  if (!target.startsWith(arns.prefix))
    throw invalid(`Target "${target}" must be a certificate or thing group ARN starting with "${arns.prefix}"`);
  if (arns.resourceName('cert', target) !== undefined) {
    const certificateId = arns.certificateIdOf(target);
    if (certificateId === undefined)
      throw invalid(`Target "${target}" does not end in a certificate id (64 lower-case hex digits)`);
    return { kind: 'certificate', arn: target, certificateId };
  }
  const thingGroupName = arns.resourceName('thinggroup', target);
  if (thingGroupName !== undefined) {
    if (!THING_GROUP_NAME.test(thingGroupName)) throw invalid(`Target "${target}" does not end in a thing group name`);
    return { kind: 'thing-group', arn: target, thingGroupName };
  }
  throw invalid(`Target "${target}" must be a certificate (cert/…) or thing group (thinggroup/…) ARN`);
}

export const MAX_PAGE_SIZE = 250;

export function checkPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined) return MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    throw invalid(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  return pageSize;
}

/** Markers are opaque to clients: the position of the last item returned, base64url-encoded. */
export function encodeMarker(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeMarker<T>(marker: string, isValid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8'));
  } catch {
    throw invalid('marker is not one this API returned');
  }
  if (!isValid(value)) throw invalid('marker is not one this API returned');
  return value;
}
