import type { SimulatedDevice } from './index.js';
import type { DeviceEvent } from './simulated-device.js';

/**
 * Brings back devices whose connection dropped (server restart, operator disconnect), trying every
 * `delayMs`, except those taken offline on purpose. Feed it the simulator's device events.
 */
export class Reconnector {
  private readonly keptOffline = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly device: (thingName: string) => SimulatedDevice | undefined,
    private readonly delayMs: number,
    private readonly onFailure: (thingName: string, error: Error) => void = () => {},
  ) {}

  readonly observe = (thingName: string, event: DeviceEvent): void => {
    if (event.type === 'connection-lost') this.later(thingName);
  };

  /** The device stays offline until `release`. */
  keepOffline(thingName: string): void {
    this.keptOffline.add(thingName);
  }

  release(thingName: string): void {
    this.keptOffline.delete(thingName);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(thingName: string): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const device = this.device(thingName);
      if (this.stopped || this.keptOffline.has(thingName) || !device || device.online) return;
      device.goOnline().catch((error: Error) => {
        this.onFailure(thingName, error);
        this.later(thingName);
      });
    }, this.delayMs);
    this.timers.add(timer);
  }
}
