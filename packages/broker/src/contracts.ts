/** Contract test suites for the broker's storage ports (import from `@meridian/broker/contracts` in tests). */
export { retainedStoreContract } from './retained-store.contract.js';
export { sessionStoreContract } from './session-store.contract.js';
