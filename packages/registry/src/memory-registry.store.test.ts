import { MemoryRegistryStore } from './memory-registry.store.js';
import { registryStoreContract } from './registry-store.contract.js';

registryStoreContract(MemoryRegistryStore.name, () => new MemoryRegistryStore());
