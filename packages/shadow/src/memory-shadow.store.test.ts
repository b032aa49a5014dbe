import { MemoryShadowStore } from './memory-shadow.store.js';
import { shadowStoreContract } from './shadow.store.contract.js';

shadowStoreContract(MemoryShadowStore.name, () => new MemoryShadowStore());
