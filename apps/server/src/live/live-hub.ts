import { type PublishedMessage, topicMatches } from '@meridian/broker';
import type { LiveMessage, LiveServerFrame } from '@meridian/contracts';

/** What the hub needs of a browser socket. */
export interface LiveSubscriber {
  send(frame: LiveServerFrame): void;
  /** Bytes queued but not yet written to the network. */
  bufferedAmount(): number;
  /** When present, only topics it accepts reach the socket, whatever its filters (end users). */
  accepts?(topic: string): boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function toLiveMessage(message: PublishedMessage): LiveMessage {
  let payload: string;
  let payloadEncoding: LiveMessage['payloadEncoding'] = 'utf8';
  try {
    payload = utf8.decode(message.payload);
  } catch {
    payload = message.payload.toString('base64');
    payloadEncoding = 'base64';
  }
  return {
    type: 'message',
    topic: message.topic,
    qos: message.qos,
    retain: message.retain,
    payload,
    payloadEncoding,
    receivedAt: message.receivedAt.toISOString(),
    ...(message.clientId === undefined ? {} : { clientId: message.clientId }),
  };
}

/**
 * Fans broker traffic out to console sockets by their topic filters. A socket that cannot keep up
 * (more than `maxBufferedBytes` queued) skips messages instead of growing memory; skips are counted.
 */
export class LiveHub {
  private readonly subscribers = new Map<LiveSubscriber, Set<string>>();
  dropped = 0;

  constructor(private readonly maxBufferedBytes = 1 << 20) {}

  add(subscriber: LiveSubscriber): void {
    this.subscribers.set(subscriber, new Set());
  }

  remove(subscriber: LiveSubscriber): void {
    this.subscribers.delete(subscriber);
  }

  subscribe(subscriber: LiveSubscriber, filters: string[]): void {
    const current = this.subscribers.get(subscriber);
    for (const filter of filters) current?.add(filter);
  }

  unsubscribe(subscriber: LiveSubscriber, filters: string[]): void {
    const current = this.subscribers.get(subscriber);
    for (const filter of filters) current?.delete(filter);
  }

  get size(): number {
    return this.subscribers.size;
  }

  dispatch(message: PublishedMessage): void {
    let frame: LiveMessage | undefined;
    for (const [subscriber, filters] of this.subscribers) {
      if (!matchesAny(filters, message.topic)) continue;
      if (subscriber.accepts !== undefined && !subscriber.accepts(message.topic)) continue;
      if (subscriber.bufferedAmount() > this.maxBufferedBytes) {
        this.dropped++;
        continue;
      }
      frame ??= toLiveMessage(message);
      subscriber.send(frame);
    }
  }
}

function matchesAny(filters: Set<string>, topic: string): boolean {
  for (const filter of filters) if (topicMatches(filter, topic)) return true;
  return false;
}
