/** Contract test suite for the rule storage port (import from `@meridian/rules/contracts` in tests). */
export { ruleStoreContract } from './service/rule-store.contract.js';
