import { MemoryPolicyStore } from './memory-policy-store.js';
import { policyStoreContract } from './policy-store.contract.js';

policyStoreContract(MemoryPolicyStore.name, () => new MemoryPolicyStore());
