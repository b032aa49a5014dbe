/**
 * @meridian/policy — AWS IoT policies: document validation, compilation to fast evaluators, evaluation
 * of a principal's policies with variables and conditions (pure), and the policy lifecycle over a store port.
 */

/** Re-exported: the ARNs policies are evaluated against (`PolicyServiceOptions.arns`). */
export { IotArns } from '@meridian/contracts';
export { ACTION_INDEX, IOT_ACTIONS, type IotAction } from './actions.js';
export {
  ALTERNATIVE_NAME_TYPES,
  type AlternativeNames,
  type AlternativeNameType,
  type AuthorizationContext,
  type CertificateFacts,
  type ConnectAttribute,
  createAuthorizationContext,
  DISTINGUISHED_NAME_ATTRIBUTES,
  type DistinguishedName,
  type DistinguishedNameAttribute,
  type RequestFacts,
  type ThingFacts,
} from './authorization-context.js';
export {
  type CompiledPolicy,
  compilePolicy,
  type DecidingStatement,
  type Decision,
  type PolicySource,
} from './compiled-policy.js';
export { CONDITION_OPERATORS } from './conditions.js';
export { DEFAULT_DENY, evaluate } from './evaluate.js';
export { MemoryPolicyStore } from './memory-policy-store.js';
export {
  type CreatePolicyOutput,
  type CreatePolicyVersionOutput,
  DEFAULT_POLICY_LIMITS,
  type GetPolicyOutput,
  type GetPolicyVersionOutput,
  type ListPoliciesOutput,
  type ListTargetsForPolicyOutput,
  type PageInput,
  type PolicyChange,
  type PolicyChangeListener,
  type PolicyLimits,
  PolicyService,
  type PolicyServiceOptions,
  type PolicySummary,
  type PolicyVersionSummary,
} from './policy.service.js';
export {
  DEFAULT_MAX_POLICY_SIZE,
  type ParseOptions,
  type PolicyDocument,
  type PolicyStatement,
  parsePolicyDocument,
} from './policy-document.js';
export { MAX_PAGE_SIZE, type PolicyTarget, parsePolicyTarget } from './policy-requests.js';
export type {
  MaybePromise,
  NamePageQuery,
  PolicyPageQuery,
  PolicyPosition,
  PolicyStore,
  StoredPolicy,
  StoredPolicyVersion,
} from './policy-store.js';
