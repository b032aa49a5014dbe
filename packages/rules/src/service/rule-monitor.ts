import type { RuleActivity, RuleMetrics } from '@meridian/contracts';
import { toJsonText } from '../values/json-text.js';
import type { Value } from '../values/value.js';

/** An activity entry as kept: outputs are serialized only when someone reads them. */
type Entry =
  | { seq: number; kind: 'output'; ruleName: string; topic: string; at: number; output: Value }
  | {
      seq: number;
      kind: 'error';
      ruleName: string;
      topic: string;
      at: number;
      failedAction: string;
      failedResource: string;
      errorMessage: string;
    };

export type ActivityInput = Entry extends infer E ? (E extends Entry ? Omit<E, 'seq'> : never) : never;

interface Counters {
  messagesMatched: number;
  evaluationErrors: number;
  actionsSucceeded: number;
  actionsFailed: number;
  errorActionsSucceeded: number;
  errorActionsFailed: number;
  lastError?: { message: string; at: number };
}

const zero = (): Counters => ({
  messagesMatched: 0,
  evaluationErrors: 0,
  actionsSucceeded: 0,
  actionsFailed: 0,
  errorActionsSucceeded: 0,
  errorActionsFailed: 0,
});

/**
 * Per-rule counters and a bounded ring of recent outputs and errors, with listeners for live streams.
 * Counters are kept in memory since start; they reset when a rule is deleted.
 */
export class RuleMonitor {
  private readonly counters = new Map<string, Counters>();
  private readonly recent = new Map<string, Entry[]>();
  private readonly listeners = new Set<(event: RuleActivity) => void>();
  private seq = 0;

  constructor(private readonly recentPerRule = 50) {}

  counter(ruleName: string): Counters {
    let counters = this.counters.get(ruleName);
    if (counters === undefined) {
      counters = zero();
      this.counters.set(ruleName, counters);
    }
    return counters;
  }

  matched(ruleName: string): void {
    this.counter(ruleName).messagesMatched++;
  }

  recordError(ruleName: string, message: string, at: number): void {
    this.counter(ruleName).lastError = { message, at };
  }

  /** Remembers an activity entry (newest last) and tells the listeners. */
  activity(entry: ActivityInput): void {
    const event = { ...entry, seq: ++this.seq } as Entry;
    let ring = this.recent.get(entry.ruleName);
    if (ring === undefined) {
      ring = [];
      this.recent.set(entry.ruleName, ring);
    }
    ring.push(event);
    if (ring.length > this.recentPerRule) ring.shift();
    if (entry.kind === 'error') this.recordError(entry.ruleName, entry.errorMessage, entry.at);
    if (this.listeners.size > 0) {
      const shown = toActivity(event);
      for (const listener of this.listeners) listener(shown);
    }
  }

  /** Recent activity of a rule after a sequence number (for polling), oldest first. */
  recentActivity(ruleName: string, afterSeq = 0): RuleActivity[] {
    return (this.recent.get(ruleName) ?? []).filter((event) => event.seq > afterSeq).map(toActivity);
  }

  onActivity(listener: (event: RuleActivity) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  metrics(ruleName: string): RuleMetrics {
    const { lastError, ...counters } = this.counters.get(ruleName) ?? zero();
    return {
      ruleName,
      ...counters,
      ...(lastError ? { lastError: { message: lastError.message, at: new Date(lastError.at).toISOString() } } : {}),
    };
  }

  /** Every rule that has counters, by name. */
  allMetrics(): RuleMetrics[] {
    return [...this.counters.keys()].sort().map((name) => this.metrics(name));
  }

  forget(ruleName: string): void {
    this.counters.delete(ruleName);
    this.recent.delete(ruleName);
  }
}

function toActivity(entry: Entry): RuleActivity {
  const at = new Date(entry.at).toISOString();
  if (entry.kind === 'error') return { ...entry, at };
  const { output, ...rest } = entry;
  return output instanceof Uint8Array
    ? { ...rest, at, output: Buffer.from(output).toString('base64'), outputEncoding: 'base64' }
    : { ...rest, at, output: toJsonText(output ?? null), outputEncoding: 'json' };
}
