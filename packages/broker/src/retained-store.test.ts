import { retainedStoreContract } from './retained-store.contract.js';
import { MemoryRetainedStore } from './retained-store.js';

retainedStoreContract(MemoryRetainedStore.name, () => new MemoryRetainedStore());
