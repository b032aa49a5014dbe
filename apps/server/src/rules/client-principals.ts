import type { Broker, PublishedMessage } from '@meridian/broker';

const PRESENCE_PREFIX = '$aws/events/presence/';
const PRESENCE = /^\$aws\/events\/presence\/(?:connected|disconnected)\/(.+)$/;

/**
 * The certificate id of a connected client, for `principal()`: read from the broker's connection and
 * cached per client id until that client's presence event (connect or disconnect) or a minute.
 */
export class ClientPrincipals {
  private readonly cache = new Map<string, { certificateId: string | undefined; until: number }>();

  constructor(
    private readonly broker: Pick<Broker, 'client'>,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  principalOf(clientId: string): string | undefined {
    const now = this.now();
    const cached = this.cache.get(clientId);
    if (cached && cached.until > now) return cached.certificateId;
    const certificateId = this.broker.client(clientId)?.certificateId;
    if (this.cache.size >= 100_000) this.cache.clear();
    this.cache.set(clientId, { certificateId, until: now + this.ttlMs });
    return certificateId;
  }

  /** Feed every broker message: presence events drop the cached entry of their client. */
  observe(message: PublishedMessage): void {
    if (message.clientId !== undefined || !message.topic.startsWith(PRESENCE_PREFIX)) return;
    const match = PRESENCE.exec(message.topic);
    if (match) this.cache.delete(match[1] as string);
  }
}
