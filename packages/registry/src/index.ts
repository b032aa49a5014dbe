/**
 * @meridian/registry — AWS IoT's thing registry: things, thing types, static thing groups and the principals
 * attached to things (`RegistryService`), over a storage port (`RegistryStore`, in memory here; SQLite in
 * the server). Contract tests for store implementations: `@meridian/registry/contracts`.
 */
export { MemoryRegistryStore } from './memory-registry.store.js';
export { DEFAULT_MAX_RESULTS } from './paging.js';
export type { RegistryChange, RegistryChangeListener } from './registry.events.js';
export { REGISTRY_LIMITS } from './registry.rules.js';
export { type ArnOptions, type RegistryOptions, RegistryService } from './registry.service.js';
export type * from './registry.store.js';
export type * from './registry.types.js';
export { parseThingSearch } from './thing-search.js';
