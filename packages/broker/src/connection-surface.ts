import { randomUUID } from 'node:crypto';
import type { TokenBucket } from './rate-limiter.js';
import { InboundTopicAliases, type OutboundTopicAliases } from './topic-aliases.js';

/**
 * Per-connection state of the MQTT 5 surface features (topic aliases, rate limit, authorization
 * cache, lifecycle event identity), kept apart from Connection.
 */
export class ConnectionSurface {
  /** Client → server aliases; replaced at CONNECT with the advertised maximum (MQTT 5 only). */
  inboundAliases = new InboundTopicAliases(0);
  /** Server → client aliases when the client sent a Topic Alias Maximum (MQTT 5 only). */
  outboundAliases: OutboundTopicAliases | undefined;
  publishBucket: TokenBucket | undefined;
  /** Last time a throttled publish was logged (to log at most once a second). */
  throttleLoggedAt = 0;
  /** `${kind}\0${topic}` → decision, when BrokerOptions.cacheAuthorization is on (created on first use). */
  authorizationCache: Map<string, boolean> | undefined;
  /** Lifecycle events: versionNumber, principalIdentifier (user name) and sessionIdentifier. */
  versionNumber = 0;
  private sessionId: string | undefined;

  /** A UUID per connection, created on first use (AWS lifecycle events' sessionIdentifier). */
  get sessionIdentifier(): string {
    this.sessionId ??= randomUUID();
    return this.sessionId;
  }
  username: string | undefined;
}
