import type { IotArns } from '@meridian/contracts';
import type { ChangeNotifier } from './registry.events.js';
import type { Awaitable, RegistryStore } from './registry.store.js';
import type { WriteQueue } from './write-queue.js';

/** What the registry's services share: ports, clock, id generator, ARNs and change notifications. */
export interface RegistryContext {
  store: RegistryStore;
  arns: IotArns;
  /** Epoch milliseconds. */
  now: () => number;
  newId: () => string;
  principalExists: (principal: string) => Awaitable<boolean>;
  changes: ChangeNotifier;
  writes: WriteQueue;
}

export const epochSeconds = (milliseconds: number) => milliseconds / 1000;
