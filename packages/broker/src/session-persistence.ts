import { isThenable } from './maybe-promise.js';
import type { SessionStore, SessionStoreOp } from './session-store.js';
import type { BrokerLogger } from './types.js';

type Settled = (ok: boolean) => void;

function flushTick(persistence: SessionPersistence): void {
  persistence.flush();
}

/**
 * Collects the session-store changes of one tick and applies them as one batch (one transaction
 * in a durable store). Acknowledgements that depend on them (PUBACK/PUBREC/PUBCOMP) wait with
 * `afterFlush`. Batches are applied in order, also when the store is asynchronous.
 */
export class SessionPersistence {
  /** Ops added so far (a publish compares it before and after routing). */
  added = 0;
  private ops: SessionStoreOp[] = [];
  private callbacks: Settled[] = [];
  private scheduled = false;
  private tail: Promise<void> | undefined;

  constructor(
    private readonly store: SessionStore,
    private readonly logger: BrokerLogger,
  ) {}

  add(op: SessionStoreOp): void {
    this.ops.push(op);
    this.added++;
    this.schedule();
  }

  /** Runs `settled(true)` once everything added so far is applied (false if the store failed). */
  afterFlush(settled: Settled): void {
    this.callbacks.push(settled);
    this.schedule();
  }

  /** Applies the collected batch now (normally called once per tick). */
  flush(): void {
    this.scheduled = false;
    const ops = this.ops;
    const callbacks = this.callbacks;
    if (ops.length === 0 && callbacks.length === 0) return;
    this.ops = [];
    this.callbacks = [];
    if (this.tail !== undefined) {
      const next: Promise<void> = this.tail.then(() => this.run(ops, callbacks));
      this.track(next);
      return;
    }
    const result = this.run(ops, callbacks);
    if (result !== undefined) this.track(result);
  }

  /** Resolves once every change added so far is applied (broker shutdown). */
  async drain(): Promise<void> {
    this.flush();
    while (this.tail !== undefined) await this.tail;
  }

  private track(promise: Promise<void>): void {
    this.tail = promise;
    promise.then(() => {
      if (this.tail === promise) this.tail = undefined;
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    process.nextTick(flushTick, this);
  }

  private run(batch: SessionStoreOp[], callbacks: Settled[]): Promise<void> | undefined {
    const ops = withoutShortLived(batch);
    let result: void | Promise<void>;
    try {
      result = ops.length === 0 ? undefined : this.store.apply(ops);
    } catch (error) {
      this.failed(error, ops, callbacks);
      return undefined;
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        () => settle(callbacks, true),
        (error: unknown) => this.failed(error, ops, callbacks),
      );
    }
    settle(callbacks, true);
    return undefined;
  }

  private failed(error: unknown, ops: SessionStoreOp[], callbacks: Settled[]): void {
    this.logger.error({ err: error, ops: ops.length }, 'MQTT session store update failed');
    settle(callbacks, false);
  }
}

function settle(callbacks: Settled[], ok: boolean): void {
  for (const callback of callbacks) callback(ok);
}

/**
 * Drops `putOutgoing` ops whose message is deleted later in the same batch (delivered and
 * acknowledged within one tick): the store never needs to see them.
 */
function withoutShortLived(ops: SessionStoreOp[]): SessionStoreOp[] {
  const deleted = new Set<string>();
  for (const op of ops) {
    if (op.op === 'deleteOutgoing') deleted.add(`${op.clientId}\0${op.seq}`);
  }
  if (deleted.size === 0) return ops;
  return ops.filter((op) => op.op !== 'putOutgoing' || !deleted.has(`${op.clientId}\0${op.message.seq}`));
}
