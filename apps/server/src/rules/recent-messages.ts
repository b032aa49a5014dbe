import { topicMatches } from '@meridian/broker';
import type { CapturedMessage } from '@meridian/contracts';

export interface RecentMessagesLimits {
  /** Messages kept per topic (the newest). */
  perTopic: number;
  /** Topics kept; the one published to least recently goes first. */
  maxTopics: number;
  /** Payload bytes kept in all; past it the least recently published topics go. */
  maxBytes: number;
  /** Larger payloads are not kept. */
  maxPayloadBytes: number;
  /**
   * Messages kept per second of receipt time; the rest of that second passes by. Keeping a message costs a
   * copy and a topic that outlives young-generation GC; at thousands of messages per second that was
   * the largest cost of a publish after the socket and the shadow service.
   */
  perSecond: number;
}

export const DEFAULT_RECENT_MESSAGES_LIMITS: RecentMessagesLimits = {
  perTopic: 3,
  maxTopics: 500,
  maxBytes: 2 * 1024 * 1024,
  maxPayloadBytes: 16 * 1024,
  perSecond: 100,
};

export interface MessageToCapture {
  topic: string;
  payload: Uint8Array;
  clientId?: string;
  receivedAt: Date;
}

interface Kept {
  payload: Buffer;
  clientId: string | undefined;
  receivedAt: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The last few messages of each recently used topic, so the rule builder's test panel can run a statement
 * against real traffic on its FROM filter. Bounded in topics, bytes and messages kept per second (under
 * heavier traffic, a sample: the first ones of each second); the map's insertion order is the
 * least-recently-published order used for eviction.
 */
export class RecentMessages {
  private readonly topics = new Map<string, Kept[]>();
  private bytes = 0;
  private readonly limits: RecentMessagesLimits;
  private second = Number.NEGATIVE_INFINITY;
  private keptThisSecond = 0;

  constructor(limits: Partial<RecentMessagesLimits> = {}) {
    this.limits = { ...DEFAULT_RECENT_MESSAGES_LIMITS, ...limits };
  }

  capture(message: MessageToCapture): void {
    if (message.payload.byteLength > this.limits.maxPayloadBytes) return;
    const second = Math.floor(message.receivedAt.getTime() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.keptThisSecond = 0;
    }
    if (this.keptThisSecond >= this.limits.perSecond) return;
    this.keptThisSecond++;
    // A copy: the broker's payload may be a view into a much larger network buffer.
    const kept: Kept = {
      payload: Buffer.from(message.payload),
      clientId: message.clientId,
      receivedAt: message.receivedAt.getTime(),
    };
    let ring = this.topics.get(message.topic);
    if (ring === undefined) {
      ring = [];
    } else {
      this.topics.delete(message.topic);
    }
    this.topics.set(message.topic, ring);
    ring.push(kept);
    this.bytes += kept.payload.byteLength;
    if (ring.length > this.limits.perTopic) this.bytes -= ring.shift()?.payload.byteLength ?? 0;
    this.evict();
  }

  /** Messages on topics matching `filter`, newest first. */
  matching(filter: string, limit: number): CapturedMessage[] {
    const found: Array<{ topic: string; kept: Kept }> = [];
    // Most recently published topics and messages first, so equal timestamps keep that order.
    for (const [topic, ring] of [...this.topics].reverse()) {
      if (!topicMatches(filter, topic)) continue;
      for (let i = ring.length - 1; i >= 0; i--) found.push({ topic, kept: ring[i] as Kept });
    }
    found.sort((a, b) => b.kept.receivedAt - a.kept.receivedAt);
    return found.slice(0, limit).map(({ topic, kept }) => toCapturedMessage(topic, kept));
  }

  get size(): { topics: number; bytes: number } {
    return { topics: this.topics.size, bytes: this.bytes };
  }

  private evict(): void {
    while (this.topics.size > this.limits.maxTopics || this.bytes > this.limits.maxBytes) {
      const oldest = this.topics.keys().next();
      if (oldest.done) return;
      for (const kept of this.topics.get(oldest.value) ?? []) this.bytes -= kept.payload.byteLength;
      this.topics.delete(oldest.value);
    }
  }
}

function toCapturedMessage(topic: string, kept: Kept): CapturedMessage {
  let payload: string;
  let payloadEncoding: CapturedMessage['payloadEncoding'] = 'utf8';
  try {
    payload = utf8.decode(kept.payload);
  } catch {
    payload = kept.payload.toString('base64');
    payloadEncoding = 'base64';
  }
  return {
    topic,
    payload,
    payloadEncoding,
    receivedAt: new Date(kept.receivedAt).toISOString(),
    ...(kept.clientId === undefined ? {} : { clientId: kept.clientId }),
  };
}
