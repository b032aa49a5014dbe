import type { Duplex } from 'node:stream';
import { BrokerCore } from './broker-core.js';
import { noopLogger } from './logger.js';
import { platformBasicIngest } from './publish-surface.js';
import { ReasonCode } from './reason-codes.js';
import type { RetainedStore } from './retained-store.js';
import { isValidTopicName } from './topic.js';
import type {
  BrokerHooks,
  BrokerLogger,
  BrokerOptions,
  ClientInfo,
  ConnectionMeta,
  ForwardedProperties,
  Message,
  PublishedMessage,
} from './types.js';

export interface PlatformMessage {
  topic: string;
  payload: Buffer | string;
  qos: 0 | 1 | 2;
  retain: boolean;
  /** MQTT 5 properties for subscribers (kept with a retained message), e.g. from an HTTPS publish. */
  properties?: ForwardedProperties;
}

/**
 * MQTT 3.1.1/5 broker core. Transport-agnostic: the server accepts TLS, WebSocket or TCP
 * connections and hands each stream to `handle`.
 */
export class Broker {
  private readonly core: BrokerCore;

  constructor(options: Partial<BrokerOptions> = {}, hooks: BrokerHooks = {}, logger: BrokerLogger = noopLogger) {
    this.core = new BrokerCore(options, hooks, logger);
  }

  /** The effective options (defaults merged). */
  get options(): Readonly<BrokerOptions> {
    return this.core.options;
  }

  /** The retained-message store (for GetRetainedMessage/ListRetainedMessages style APIs). */
  get retained(): RetainedStore {
    return this.core.retained;
  }

  /** Serve one client connection (TLS socket, WebSocket stream, TCP socket or in-memory duplex). */
  handle(stream: Duplex, meta: ConnectionMeta): void {
    this.core.handle(stream, meta);
  }

  /** Whether a client may publish to `topic`: valid, and within the topic length and level limits. */
  isAcceptableTopicName(topic: string): boolean {
    return this.core.isAcceptableTopicName(topic);
  }

  /**
   * Publish from the platform itself (console, later shadow/rules). Goes through retained and
   * fan-out, not through authorizePublish. Throws a TypeError for an invalid topic name.
   */
  publish(message: PlatformMessage): void {
    if (!isValidTopicName(message.topic)) {
      throw new TypeError(`Invalid MQTT topic name: ${JSON.stringify(message.topic)}`);
    }
    const routed: Message = {
      topic: message.topic,
      payload: typeof message.payload === 'string' ? Buffer.from(message.payload) : message.payload,
      qos: message.qos === 1 || message.qos === 2 ? message.qos : 0,
      retain: message.retain === true,
      receivedAt: new Date(),
    };
    if (message.properties !== undefined) routed.properties = message.properties;
    // `$aws/rules/{rule}/...` (Basic Ingest) goes only to hooks.onBasicIngest.
    if (platformBasicIngest(this.core, routed)) return;
    const stored = this.core.route(routed, undefined);
    // Store failures are logged by the core.
    if (stored !== undefined) stored.catch(() => {});
  }

  /** Tap every accepted publish (from clients and from publish()); returns an unsubscribe function. */
  onPublish(tap: (message: PublishedMessage) => void): () => void {
    return this.core.onPublish(tap);
  }

  /**
   * Like `onPublish`, for a service that answers publishes (the shadow service): a client's QoS 1/2
   * PUBLISH is acknowledged only once the promise the handler returns has settled, so the PUBACK
   * and the service's answer leave in one write. Later packets of the client are still read at
   * once; its acknowledgements stay in order.
   */
  onRequest(handler: (message: PublishedMessage) => void | Promise<void>): () => void {
    return this.core.onRequest(handler);
  }

  clients(): ClientInfo[] {
    const out: ClientInfo[] = [];
    for (const connection of this.core.connectedClients()) {
      const info = this.core.clientInfo(connection);
      if (info !== undefined) out.push(info);
    }
    return out;
  }

  /** The connected client with this id, if any. */
  client(clientId: string): ClientInfo | undefined {
    const connection = this.core.connectionFor(clientId);
    return connection === undefined ? undefined : this.core.clientInfo(connection);
  }

  get clientCount(): number {
    return this.core.clientCount;
  }

  /** Sessions held by the broker: connected ones and persistent ones waiting for their client. */
  get sessionCount(): number {
    return this.core.sessions.size;
  }

  /** Outgoing QoS 1/2 messages dropped since start because a session queue was full. */
  get droppedMessageCount(): number {
    return this.core.droppedMessages;
  }

  /**
   * Outgoing QoS 0 messages dropped since start because the subscriber was a slow consumer
   * (more than maxOutgoingBufferBytes waiting in its connection's buffer).
   */
  get droppedQos0Count(): number {
    return this.core.droppedQos0;
  }

  /**
   * Disconnect a client from outside (e.g. certificate revoked). MQTT 5 gets DISCONNECT with the
   * given reason code (default 0x98 administrative action) before the close. Returns false if not
   * connected.
   */
  disconnect(clientId: string, reasonCode: number = ReasonCode.administrativeAction): boolean {
    const connection = this.core.connectionFor(clientId);
    if (connection === undefined) return false;
    this.core.logger.info(connection.logContext({ reasonCode }), 'MQTT client disconnected by the server');
    connection.close('SERVER_INITIATED_DISCONNECT', { disconnectCode: reasonCode });
    return true;
  }

  /**
   * Forgets the cached authorizePublish/Subscribe/Receive decisions (BrokerOptions.cacheAuthorization)
   * of one connected client, or of every connection.
   */
  invalidateAuthorization(clientId?: string): void {
    this.core.invalidateAuthorization(clientId);
  }

  /** Close every connection (MQTT 5: DISCONNECT 0x8B server shutting down) and stop accepting. */
  close(): Promise<void> {
    return this.core.close();
  }
}
