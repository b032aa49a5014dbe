/** Contract test suites for the broker's ports (import from `@meridian/broker/contracts` in tests). */
export { type FanOutCluster, type FanOutContractOptions, fanOutContract } from './fan-out.contract.js';
export { retainedStoreContract } from './retained-store.contract.js';
export { sessionStoreContract } from './session-store.contract.js';
