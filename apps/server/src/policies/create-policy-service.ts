import type { IotArns } from '@meridian/contracts';
import { type MaybePromise, PolicyService } from '@meridian/policy';
import type { Db } from '../db/database.js';
import { SqlitePolicyStore } from './sqlite-policy-store.js';

/** What the policy service asks other parts of the platform about the targets policies are attached to. */
export interface PolicyTargetLookups {
  certificateExists(certificateId: string): MaybePromise<boolean>;
  /** Absent: every thing group name is accepted as a target. */
  thingGroupExists?(thingGroupName: string): MaybePromise<boolean>;
  /** Ancestors of a thing group, parent first; their policies apply to the group's things too. */
  thingGroupAncestors?(thingGroupName: string): MaybePromise<readonly string[]>;
}

/** The platform's PolicyService: policies in SQLite, ARNs in the platform's region and account. */
export function createPolicyService(db: Db, arns: IotArns, lookups: PolicyTargetLookups): PolicyService {
  const { thingGroupAncestors } = lookups;
  return new PolicyService({
    store: new SqlitePolicyStore(db),
    arns,
    targetExists: (target) =>
      target.kind === 'certificate'
        ? lookups.certificateExists(target.certificateId)
        : (lookups.thingGroupExists?.(target.thingGroupName) ?? true),
    ...(thingGroupAncestors === undefined ? {} : { thingGroupAncestors }),
  });
}
