import { BusFanOut } from './bus-fan-out.js';
import { fanOutContract } from './fan-out.contract.js';
import { InProcessFanOut } from './fan-out.js';
import { MemoryClusterBus } from './memory-cluster-bus.js';

fanOutContract(InProcessFanOut.name, {
  cluster: () => ({ join: () => new InProcessFanOut(), settled: async () => {} }),
  maxNodes: 1,
});

fanOutContract(`${BusFanOut.name} over ${MemoryClusterBus.name}`, {
  cluster: () => {
    const bus = new MemoryClusterBus();
    return { join: () => new BusFanOut(bus), settled: () => bus.settled() };
  },
  maxNodes: Number.POSITIVE_INFINITY,
});
