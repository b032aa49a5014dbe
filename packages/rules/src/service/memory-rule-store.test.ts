import { MemoryRuleStore } from './memory-rule-store.js';
import { ruleStoreContract } from './rule-store.contract.js';

ruleStoreContract(MemoryRuleStore.name, () => new MemoryRuleStore());
