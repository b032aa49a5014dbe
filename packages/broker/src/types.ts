import type { FanOut } from './fan-out.js';
import type { RetainedStore } from './retained-store.js';
import type { SessionStore } from './session-store.js';

export interface BrokerOptions {
  /** Largest accepted PUBLISH payload in bytes (AWS: 128 KB). */
  maxPayloadBytes: number;
  /** Longest accepted client id in UTF-8 bytes (AWS: 128). */
  maxClientIdBytes: number;
  /** Longest accepted topic name or filter in UTF-8 bytes (AWS: 256). */
  maxTopicBytes: number;
  /** Most levels in a topic name or filter (8 = 7 slashes); topics under `$aws/` are exempt. */
  maxTopicLevels: number;
  /** Close a connection that sends no CONNECT within this time. */
  connectTimeoutMs: number;
  /** Largest accepted MQTT packet including its fixed header (advertised to MQTT 5 clients). */
  maxPacketBytes: number;
  /** Keep-alive 0 or above this is replaced by this value (AWS: 1200 s). */
  keepAliveMaxSeconds: number;
  /** Where retained messages live; defaults to an in-memory store. */
  retainedStore: RetainedStore;
  /** Where persistent sessions live; defaults to an in-memory store. */
  sessionStore: SessionStore;
  /**
   * Routes accepted messages to the subscriptions of every node; defaults to this process only
   * (InProcessFanOut). The broker attaches to it and closes it on close().
   */
  fanOut: FanOut;
  /** Upper bound for a session expiry interval; also the expiry of MQTT 3.1.1 persistent sessions (s). */
  maxSessionExpirySeconds: number;
  /**
   * Outgoing QoS 1/2 messages kept per session beyond the in-flight window. Offline sessions drop
   * the oldest beyond it. For a connected session it is the high watermark: the queue may grow
   * further, and the clients publishing to it stop being read until it falls to half of it.
   */
  maxQueuedMessages: number;
  /**
   * Hard cap of a connected session's queue (default 10 × maxQueuedMessages), reached only when
   * back-pressure cannot act (platform publishes, wills): beyond it the oldest is dropped and counted.
   */
  maxQueuedMessagesHard?: number;
  /** Outgoing QoS 1/2 in flight per client when the client sends no (smaller) MQTT 5 Receive Maximum. */
  maxInflightOutgoing: number;
  /** Receive Maximum advertised to MQTT 5 clients: incoming QoS 1/2 awaiting acknowledgement. */
  receiveMaximum: number;
  /** MQTT 5 Topic Alias Maximum advertised in CONNACK (client → server aliases; AWS: 8, 0 = none). */
  topicAliasMaximum: number;
  /** Most subscriptions one connection may hold (AWS: 50); more get SUBACK 0x97 / 0x80. */
  maxSubscriptionsPerConnection: number;
  /** Most topic filters in one SUBSCRIBE (AWS: 8); a larger SUBSCRIBE is refused filter by filter. */
  maxFiltersPerSubscribe: number;
  /** Inbound PUBLISH rate per connection, token bucket of one second (AWS: 100/s; 0 = unlimited). */
  publishRatePerSecond: number;
  /** CONNECTs per second per client id (AWS: 1; 0 = unlimited). */
  connectRatePerSecond: number;
  /** Burst of CONNECTs per client id allowed above the rate (token bucket size). */
  connectBurst: number;
  /** Publish `$aws/events/presence|subscriptions/...` lifecycle events (AWS: always on). */
  lifecycleEvents: boolean;
  /** Cache authorizePublish/Subscribe/Receive decisions per connection (see Broker.invalidateAuthorization). */
  cacheAuthorization: boolean;
  /**
   * Slow consumers: when more than this many bytes wait in a connection's outgoing buffer (not yet
   * accepted by the socket, including this tick's batch), QoS 0 deliveries to it are dropped and
   * counted (Broker.droppedQos0Count). QoS 1/2 go on through the session queue. Default 1 MiB.
   */
  maxOutgoingBufferBytes: number;
  /**
   * AWS IoT Core topic semantics instead of the MQTT specification (default false): retained
   * messages are sent on SUBSCRIBE only to a filter equal to their topic (no wildcard delivery),
   * and `a/#` does not match `a` (it matches `a/` and `a/b`).
   */
  awsTopicSemantics: boolean;
  /**
   * AWS: when a persistent session resumes, the messages queued while it was offline are sent at
   * most this many per second after CONNACK (AWS: 10; 0 = all at once). Messages arriving after the
   * CONNACK are not held behind that backlog: they may overtake older queued messages of the same
   * topic, which 0 avoids.
   */
  resumeRatePerSecond: number;
}

export interface ConnectionMeta {
  transport: 'tls' | 'wss' | 'tcp' | 'memory';
  remoteAddress?: string;
  /** hex SHA-256 of the client certificate DER, if the transport had one */
  certificateId?: string;
  /** DER of that client certificate, for authenticate hooks that must inspect a certificate they do not know yet */
  certificateDer?: Buffer;
}

export interface ClientInfo {
  clientId: string;
  protocolVersion: 3 | 4 | 5;
  transport: ConnectionMeta['transport'];
  remoteAddress?: string;
  certificateId?: string;
  connectedAt: Date;
  subscriptions: Array<{ filter: string; qos: 0 | 1 | 2 }>;
  /** What the authenticate hook returned as `context` (e.g. the connection's authorization grant). */
  context?: unknown;
}

export interface PublishedMessage {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  retain: boolean;
  /** undefined when published by the platform */
  clientId?: string;
  /** true for a client's Will Message, published by the broker after the client went away */
  will?: true;
  receivedAt: Date;
  properties?: Record<string, unknown>;
}

export type AuthenticateResult =
  /** `context` is kept with the connection and handed to the authorize hooks as ClientInfo.context. */
  | { ok: true; context?: unknown }
  | { ok: false; reason: 'not-authorized' | 'bad-credentials' | 'banned' | 'server-unavailable'; message?: string };

export interface AuthenticateRequest {
  clientId: string;
  username?: string;
  password?: Buffer;
  protocolVersion: 3 | 4 | 5;
  meta: ConnectionMeta;
  /** The client asked for a session that outlives the connection (3.1.1 CleanSession=0, MQTT 5 expiry > 0). */
  persistentSession: boolean;
  /** The will message set in CONNECT, if any. */
  will?: { topic: string; qos: 0 | 1 | 2; retain: boolean };
}

export interface BrokerHooks {
  authenticate?(request: AuthenticateRequest): AuthenticateResult | Promise<AuthenticateResult>;
  /** `retain` is true for a PUBLISH with the RETAIN flag (AWS checks iot:RetainPublish as well). */
  authorizePublish?(client: ClientInfo, topic: string, retain: boolean): boolean | Promise<boolean>;
  authorizeSubscribe?(client: ClientInfo, filter: string): boolean | Promise<boolean>;
  /** Checked per delivery: false → the message is not delivered to that client. */
  authorizeReceive?(client: ClientInfo, topic: string): boolean | Promise<boolean>;
  /**
   * Basic Ingest: a client publish to `$aws/rules/{ruleName}/...` is handed only to this hook
   * (never to subscribers, taps or the retained store). `message.topic` is the topic without the
   * `$aws/rules/{ruleName}/` prefix. A QoS 1 PUBACK waits for a returned promise.
   */
  onBasicIngest?(ruleName: string, message: PublishedMessage): void | Promise<void>;
}

/** pino-compatible subset. */
export interface BrokerLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** MQTT 5 PUBLISH properties the broker forwards to subscribers. */
export type ForwardedProperties = {
  payloadFormatIndicator?: boolean;
  messageExpiryInterval?: number;
  contentType?: string;
  responseTopic?: string;
  correlationData?: Buffer;
  userProperties?: Record<string, string | string[]>;
};

/** A message inside the broker: what taps see, plus the MQTT 5 properties it forwards. */
export interface Message extends PublishedMessage {
  properties?: ForwardedProperties;
}

/**
 * Why a connection ended, with the names AWS uses in `$aws/events/presence/disconnected`
 * (reference/aws-iot-semantics.md §5), so lifecycle events can be built from it later.
 */
export type DisconnectReason =
  | 'AUTH_ERROR'
  | 'CLIENT_INITIATED_DISCONNECT'
  | 'CLIENT_ERROR'
  | 'CONNECTION_LOST'
  | 'DUPLICATE_CLIENTID'
  | 'FORBIDDEN_ACCESS'
  | 'MQTT_KEEP_ALIVE_TIMEOUT'
  | 'SERVER_ERROR'
  | 'SERVER_INITIATED_DISCONNECT'
  | 'THROTTLED';

export type MaybePromise<T> = T | Promise<T>;
