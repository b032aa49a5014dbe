import type { BrokerCore } from './broker-core.js';
import type { Connection } from './connection.js';
import type { Message } from './types.js';

/** After this long disconnected, a client id's versionNumber starts over (AWS: ~1 h). */
const VERSION_RESET_MS = 60 * 60 * 1000;

/**
 * AWS lifecycle events (reference/aws-iot-semantics.md §5): presence connected/disconnected and
 * subscriptions subscribed/unsubscribed, published by the broker on `$aws/events/...`.
 */
export class LifecycleEvents {
  /** clientId → last versionNumber and when its connection ended (undefined while connected). */
  private readonly versions = new Map<string, { version: number; endedAt: number | undefined }>();
  private sweptAt = Date.now();

  constructor(private readonly core: BrokerCore) {}

  connected(connection: Connection): void {
    const now = Date.now();
    if (now - this.sweptAt > 60_000) this.sweep(now);
    const previous = this.versions.get(connection.clientId);
    const fresh =
      previous === undefined || (previous.endedAt !== undefined && now - previous.endedAt > VERSION_RESET_MS);
    const version = fresh ? 0 : previous.version + 1;
    this.versions.set(connection.clientId, { version, endedAt: undefined });
    connection.surface.versionNumber = version;
    if (!this.enabled(connection)) return;
    const event: Record<string, unknown> = {
      clientId: connection.clientId,
      timestamp: now,
      eventType: 'connected',
      sessionIdentifier: connection.surface.sessionIdentifier,
      principalIdentifier: principal(connection),
      ipAddress: connection.meta.remoteAddress,
      versionNumber: version,
    };
    this.publish(`$aws/events/presence/connected/${connection.clientId}`, event);
  }

  disconnected(connection: Connection): void {
    const now = Date.now();
    const entry = this.versions.get(connection.clientId);
    if (entry !== undefined && entry.version === connection.surface.versionNumber) entry.endedAt = now;
    if (!this.enabled(connection)) return;
    const reason = connection.disconnectReason ?? 'CONNECTION_LOST';
    const event: Record<string, unknown> = {
      clientId: connection.clientId,
      timestamp: now,
      eventType: 'disconnected',
      sessionIdentifier: connection.surface.sessionIdentifier,
      principalIdentifier: principal(connection),
      clientInitiatedDisconnect: reason === 'CLIENT_INITIATED_DISCONNECT',
      disconnectReason: reason,
      versionNumber: connection.surface.versionNumber,
    };
    this.publish(`$aws/events/presence/disconnected/${connection.clientId}`, event);
  }

  subscriptions(connection: Connection, eventType: 'subscribed' | 'unsubscribed', topics: string[]): void {
    if (topics.length === 0 || !this.enabled(connection)) return;
    const event: Record<string, unknown> = {
      clientId: connection.clientId,
      timestamp: Date.now(),
      eventType,
      sessionIdentifier: connection.surface.sessionIdentifier,
      principalIdentifier: principal(connection),
      topics,
    };
    this.publish(`$aws/events/subscriptions/${eventType}/${connection.clientId}`, event);
  }

  /** Client ids with `+` or `#` get no lifecycle events (AWS). */
  private enabled(connection: Connection): boolean {
    if (!this.core.options.lifecycleEvents) return false;
    const id = connection.clientId;
    return !(id.includes('+') || id.includes('#') || id.includes('\u0000'));
  }

  private publish(topic: string, event: Record<string, unknown>): void {
    const message: Message = {
      topic,
      payload: Buffer.from(JSON.stringify(event)),
      qos: 1,
      retain: false,
      receivedAt: new Date(event.timestamp as number),
    };
    try {
      const stored = this.core.route(message, undefined);
      if (stored !== undefined) stored.catch(() => {});
    } catch (error) {
      this.core.logger.error({ err: error, topic }, 'MQTT lifecycle event failed');
    }
  }

  private sweep(now: number): void {
    this.sweptAt = now;
    for (const [clientId, entry] of this.versions) {
      if (entry.endedAt !== undefined && now - entry.endedAt > VERSION_RESET_MS) this.versions.delete(clientId);
    }
  }
}

/** Certificate id for certificate auth, else the user name (AWS: the principal that connected). */
function principal(connection: Connection): string | undefined {
  return connection.meta.certificateId ?? connection.surface.username;
}
