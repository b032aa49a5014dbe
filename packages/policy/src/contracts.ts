/** Contract test suite for the policy storage port (import from `@meridian/policy/contracts` in tests). */
export { policyStoreContract } from './policy-store.contract.js';
