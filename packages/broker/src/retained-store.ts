import { hasWildcard, topicMatches } from './topic.js';
import type { ForwardedProperties, MaybePromise } from './types.js';

export interface RetainedMessage {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  properties?: ForwardedProperties;
  /** When the broker accepted it; MQTT 5 message expiry counts from here. */
  receivedAt: Date;
}

/**
 * Port for retained messages (one per topic). The in-memory store answers synchronously; a
 * durable store may return promises — the broker then acknowledges a retained QoS 1 publish
 * only after `put`/`delete` settled.
 */
export interface RetainedStore {
  /** Stores or replaces the retained message for `message.topic` (payload is never empty). */
  put(message: RetainedMessage): MaybePromise<void>;
  /** Removes the retained message for `topic`, if any. */
  delete(topic: string): MaybePromise<void>;
  get(topic: string): MaybePromise<RetainedMessage | undefined>;
  /** Every retained message whose topic matches `filter` (MQTT matching incl. the `$` rule). */
  match(filter: string): MaybePromise<RetainedMessage[]>;
  /**
   * One page of every retained message (`$` topics included) in ascending topic order: at most
   * `limit`, only topics after `after` when given (for ListRetainedMessages).
   */
  list(page: RetainedPage): MaybePromise<RetainedMessage[]>;
}

export interface RetainedPage {
  after?: string;
  limit: number;
}

export class MemoryRetainedStore implements RetainedStore {
  private readonly messages = new Map<string, RetainedMessage>();

  get size(): number {
    return this.messages.size;
  }

  put(message: RetainedMessage): void {
    this.messages.set(message.topic, message);
  }

  delete(topic: string): void {
    this.messages.delete(topic);
  }

  get(topic: string): RetainedMessage | undefined {
    return this.messages.get(topic);
  }

  match(filter: string): RetainedMessage[] {
    if (!hasWildcard(filter)) {
      const message = this.messages.get(filter);
      return message === undefined ? [] : [message];
    }
    // Linear over retained topics; fine for a first slice, a trie index can replace it.
    const out: RetainedMessage[] = [];
    for (const message of this.messages.values()) {
      if (topicMatches(filter, message.topic)) out.push(message);
    }
    return out;
  }

  list({ after, limit }: RetainedPage): RetainedMessage[] {
    const topics = [...this.messages.keys()].filter((topic) => after === undefined || topic > after).sort();
    return topics.slice(0, limit).map((topic) => this.messages.get(topic)!);
  }
}
