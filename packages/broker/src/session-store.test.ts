import { sessionStoreContract } from './session-store.contract.js';
import { MemorySessionStore } from './session-store.js';

sessionStoreContract(MemorySessionStore.name, () => new MemorySessionStore());
