import type { LiveMessage } from '@meridian/contracts';
import { RingBuffer } from '../../../lib/ring-buffer';

export const LIVE_FEED_CAPACITY = 500;

export interface LiveFeedEntry {
  /** Increasing per feed; a stable React key. */
  readonly id: number;
  readonly message: LiveMessage;
}

export interface LiveFeedSnapshot {
  /** Newest first, at most `capacity`. */
  readonly messages: readonly LiveFeedEntry[];
  readonly paused: boolean;
  /** Messages that arrived (and were dropped) while paused. */
  readonly pausedCount: number;
  readonly capacity: number;
}

type Schedule = (callback: () => void) => void;

const nextFrame: Schedule = (callback) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

export interface LiveFeedOptions {
  capacity?: number;
  /**
   * How to defer change notifications after `push`: bursts of messages coalesce into one render
   * per animation frame. Tests pass a synchronous one.
   */
  schedule?: Schedule;
}

/**
 * The Live page's message list as an external store (`useSyncExternalStore`): a bounded ring
 * buffer plus pause/clear. While paused, messages are only counted.
 */
export class LiveFeed {
  readonly #buffer: RingBuffer<LiveFeedEntry>;
  readonly #schedule: Schedule;
  readonly #listeners = new Set<() => void>();
  #nextId = 1;
  #paused = false;
  #pausedCount = 0;
  #snapshot: LiveFeedSnapshot;
  #dirty = false;
  #notifyScheduled = false;

  constructor(options: LiveFeedOptions = {}) {
    this.#buffer = new RingBuffer(options.capacity ?? LIVE_FEED_CAPACITY);
    this.#schedule = options.schedule ?? nextFrame;
    this.#snapshot = this.#buildSnapshot();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The same object until something changes; the list is rebuilt at most once per change batch. */
  readonly getSnapshot = (): LiveFeedSnapshot => {
    if (this.#dirty) {
      this.#snapshot = this.#buildSnapshot();
      this.#dirty = false;
    }
    return this.#snapshot;
  };

  push(message: LiveMessage): void {
    if (this.#paused) this.#pausedCount += 1;
    else this.#buffer.push({ id: this.#nextId++, message });
    this.#dirty = true;
    if (this.#notifyScheduled) return;
    this.#notifyScheduled = true;
    this.#schedule(() => {
      this.#notifyScheduled = false;
      this.#notify();
    });
  }

  pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#pausedCount = 0;
    this.#changed();
  }

  /** Shows new messages again; those that arrived while paused are not shown. */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#pausedCount = 0;
    this.#changed();
  }

  clear(): void {
    this.#buffer.clear();
    this.#pausedCount = 0;
    this.#changed();
  }

  #changed(): void {
    this.#dirty = true;
    this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }

  #buildSnapshot(): LiveFeedSnapshot {
    return {
      messages: this.#buffer.toArrayNewestFirst(),
      paused: this.#paused,
      pausedCount: this.#pausedCount,
      capacity: this.#buffer.capacity,
    };
  }
}
