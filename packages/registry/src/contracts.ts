/** Contract test suite for the registry's storage port (import from `@meridian/registry/contracts` in tests). */
export { registryStoreContract } from './registry-store.contract.js';
