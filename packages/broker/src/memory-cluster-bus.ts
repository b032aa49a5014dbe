import type { ClusterBus } from './bus-fan-out.js';

type Handler = (bytes: Buffer) => void;

/**
 * A ClusterBus inside one process, behaving like Redis pub/sub over a network: each delivery is a
 * copy of the bytes, arrives asynchronously (a later macrotask) and in publish order, and reaches
 * the sender too. For tests and for several brokers in one process.
 */
export class MemoryClusterBus implements ClusterBus {
  private readonly channels = new Map<string, Set<Handler>>();
  private inFlight = 0;
  private idle: Array<() => void> = [];

  publish(channel: string, bytes: Buffer): void {
    const handlers = [...(this.channels.get(channel) ?? [])];
    if (handlers.length === 0) return;
    const copy = Buffer.from(bytes);
    this.inFlight++;
    setImmediate(() => {
      try {
        const current = this.channels.get(channel);
        for (const handler of handlers) if (current?.has(handler)) handler(copy);
      } finally {
        this.inFlight--;
        if (this.inFlight === 0) this.wakeIdle();
      }
    });
  }

  subscribe(channel: string, handler: Handler): () => void {
    let handlers = this.channels.get(channel);
    if (handlers === undefined) {
      handlers = new Set();
      this.channels.set(channel, handlers);
    }
    // A wrapper per subscription, so one handler subscribed twice gets both deliveries.
    const subscription: Handler = (bytes) => handler(bytes);
    handlers.add(subscription);
    return () => {
      this.channels.get(channel)?.delete(subscription);
    };
  }

  /** Resolves once every message published so far, and every message those caused, was delivered. */
  settled(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private wakeIdle(): void {
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }
}
