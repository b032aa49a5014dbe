/** Contract test suite for the shadow storage port (import from `@meridian/shadow/contracts` in tests). */
export { shadowStoreContract } from './shadow.store.contract.js';
