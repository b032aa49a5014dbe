import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { authorize } from './authorization.js';
import { Connection } from './connection.js';
import { type FanOut, type FanOutNode, InProcessFanOut, type ShareScope } from './fan-out.js';
import { LifecycleEvents } from './lifecycle-events.js';
import { isThenable } from './maybe-promise.js';
import { encoderFor } from './outgoing-encoder.js';
import { PublishEncoder } from './packet-encoding.js';
import { ConnectRateLimiter } from './rate-limiter.js';
import { MemoryRetainedStore, type RetainedMessage, type RetainedStore } from './retained-store.js';
import { Session, type Subscription, storedSubscription } from './session.js';
import { SessionPersistence } from './session-persistence.js';
import { MemorySessionStore, type SessionStoreOp, type StoredSession } from './session-store.js';
import { isSharedFilter, parseSharedFilter, SharedSubscriptions } from './shared-subscriptions.js';
import { hasWildcard, isValidTopicFilter, isValidTopicName, withinTopicLimits } from './topic.js';
import { TopicTrie } from './topic-trie.js';
import type {
  BrokerHooks,
  BrokerLogger,
  BrokerOptions,
  ClientInfo,
  ConnectionMeta,
  Message,
  PublishedMessage,
} from './types.js';
import { Wills } from './wills.js';

export const defaultBrokerOptions: Omit<BrokerOptions, 'retainedStore' | 'sessionStore' | 'fanOut'> = {
  maxPayloadBytes: 128 * 1024,
  maxClientIdBytes: 128,
  maxTopicBytes: 256,
  maxTopicLevels: 8,
  connectTimeoutMs: 10_000,
  maxPacketBytes: 132 * 1024,
  keepAliveMaxSeconds: 1200,
  maxSessionExpirySeconds: 3600,
  maxQueuedMessages: 1000,
  maxInflightOutgoing: 100,
  receiveMaximum: 100,
  topicAliasMaximum: 8,
  maxSubscriptionsPerConnection: 50,
  maxFiltersPerSubscribe: 8,
  publishRatePerSecond: 100,
  connectRatePerSecond: 1,
  connectBurst: 3,
  lifecycleEvents: true,
  cacheAuthorization: false,
  maxOutgoingBufferBytes: 1024 * 1024,
  awsTopicSemantics: false,
  resumeRatePerSecond: 10,
};

/** At most one slow-consumer warning per this interval. */
const QOS0_DROP_WARN_INTERVAL_MS = 10_000;

/** Longest setTimeout delay. */
const MAX_TIMER_MS = 2_147_483_647;

type Tap = (message: PublishedMessage) => void;
type RequestHandler = (message: PublishedMessage) => void | Promise<void>;

/**
 * Broker state shared by connections and handlers: client registry, subscription trie,
 * retained store, taps and this node's side of the fan-out. `Broker` is the public face of it.
 */
export class BrokerCore implements FanOutNode {
  readonly options: BrokerOptions;
  readonly retained: RetainedStore;
  readonly fanOut: FanOut;
  closing = false;

  private readonly subscriptions: TopicTrie<Session, Subscription>;
  private readonly shared: SharedSubscriptions;
  readonly connectRate: ConnectRateLimiter;
  readonly lifecycle = new LifecycleEvents(this);
  private readonly wills = new Wills(this);
  private readonly clientsById = new Map<string, Connection>();
  /** Every session, connected or not (persistent sessions outlive their connection). */
  readonly sessions = new Map<string, Session>();
  readonly persistence: SessionPersistence;
  /** Outgoing QoS 1/2 messages dropped because a session queue was full (offline or at the hard cap). */
  droppedMessages = 0;
  /** Outgoing QoS 0 messages dropped because the subscriber's connection had too much buffered. */
  droppedQos0 = 0;
  private lastQos0DropWarning = Number.NEGATIVE_INFINITY;
  private qos0DroppedSinceWarning = 0;
  /** Queue length at which a connected session drops its oldest message despite back-pressure. */
  readonly hardQueueLimit: number;
  /** Set while an asynchronous SessionStore loads; CONNECT waits for it. */
  loading: Promise<void> | undefined;
  private readonly connections = new Set<Connection>();
  /** Replaced (not mutated) on change so a tap can unsubscribe while taps run. */
  private taps: readonly Tap[] = [];
  private requestHandlers: readonly RequestHandler[] = [];
  /** What the request handlers returned for the message `route` handled last (see `takeHeldAck`). */
  private heldAck: Promise<unknown> | undefined;
  private fanOutEpoch = 0;
  /** The session whose PUBLISH is being routed, during the synchronous local delivery only. */
  private publishing: Session | undefined;
  private closeWaiters: Array<() => void> = [];

  constructor(
    options: Partial<BrokerOptions>,
    readonly hooks: BrokerHooks,
    readonly logger: BrokerLogger,
  ) {
    this.options = {
      ...defaultBrokerOptions,
      retainedStore: new MemoryRetainedStore(),
      sessionStore: new MemorySessionStore(),
      fanOut: new InProcessFanOut(),
      ...options,
    };
    // AWS: `a/#` does not match `a`.
    const hashMatchesParent = !this.options.awsTopicSemantics;
    this.subscriptions = new TopicTrie<Session, Subscription>(hashMatchesParent);
    this.fanOut = this.options.fanOut;
    const fanOut = this.fanOut;
    // Share-group availability is tracked only for a fan-out with other nodes to tell.
    const onShareAvailability = fanOut.shareChanged === undefined ? undefined : fanOut.shareChanged.bind(fanOut);
    this.shared = new SharedSubscriptions(hashMatchesParent, onShareAvailability);
    this.hardQueueLimit = this.options.maxQueuedMessagesHard ?? this.options.maxQueuedMessages * 10;
    this.retained = this.options.retainedStore;
    this.persistence = new SessionPersistence(this.options.sessionStore, logger);
    this.connectRate = new ConnectRateLimiter(this.options.connectRatePerSecond, this.options.connectBurst);
    fanOut.attach(this);
    this.loadSessions();
  }

  // ---- connections ------------------------------------------------------------------------

  handle(stream: Duplex, meta: ConnectionMeta): void {
    if (this.closing || stream.destroyed) {
      stream.destroy();
      return;
    }
    this.connections.add(new Connection(this, stream, meta));
  }

  get clientCount(): number {
    return this.clientsById.size;
  }

  connectionFor(clientId: string): Connection | undefined {
    return this.clientsById.get(clientId);
  }

  connectedClients(): IterableIterator<Connection> {
    return this.clientsById.values();
  }

  /**
   * Registers a connection that passed CONNECT. An existing connection with the same client id is
   * closed first: session takeover [MQTT-3.1.4-2] (MQTT 5: DISCONNECT 0x8E [MQTT-3.1.4-3]).
   */
  register(connection: Connection): void {
    const previous = this.clientsById.get(connection.clientId);
    if (previous !== undefined && previous !== connection) {
      this.logger.info(previous.logContext(), 'MQTT session taken over by a new connection');
      previous.close('DUPLICATE_CLIENTID', { disconnectCode: 0x8e });
    }
    this.clientsById.set(connection.clientId, connection);
  }

  /** Called by Connection.close (once). */
  connectionEnded(connection: Connection, wasConnected: boolean, publishWill: boolean): void {
    if (!wasConnected) return;
    if (this.clientsById.get(connection.clientId) === connection) this.clientsById.delete(connection.clientId);
    const session = connection.session;
    if (session !== undefined && session.connection === connection) {
      // A persistent session outlives the connection until it expires [MQTT-3.1.2-23];
      // otherwise its state ends with the connection [MQTT-3.1.2-6].
      if (session.expiryIntervalSeconds > 0) this.detachSession(session);
      else this.endSession(session);
    }
    const will = connection.will;
    connection.will = undefined;
    if (will !== undefined && publishWill) {
      const delay = connection.willDelaySeconds;
      const client = connection.info;
      if (
        delay > 0 &&
        client !== undefined &&
        session !== undefined &&
        this.sessions.get(session.clientId) === session
      ) {
        // MQTT 5 Will Delay Interval: later, unless the session resumes first [MQTT-3.1.3-9];
        // at the latest when the session ends (endSession).
        this.wills.delay(session, { will, client, publishAt: Date.now() + delay * 1000 });
      } else {
        this.wills.publish(connection.clientId, will, client);
      }
    }
    this.lifecycle.disconnected(connection);
    this.logger.debug(connection.logContext({ reason: connection.disconnectReason }), 'MQTT client disconnected');
  }

  /** Called when a connection's stream emitted 'close'. */
  streamClosed(connection: Connection): void {
    this.connections.delete(connection);
    if (this.connections.size > 0) return;
    const waiters = this.closeWaiters;
    this.closeWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Closes every connection (MQTT 5: DISCONNECT 0x8B) and resolves when all streams closed. */
  close(): Promise<void> {
    this.closing = true;
    const finish = async (): Promise<void> => {
      // Persistent sessions stay in the store; their timers start again after the next load.
      for (const session of this.sessions.values()) {
        this.stopExpiry(session);
        this.wills.stop(session);
      }
      // No more messages from other nodes, then everything the store was told is written.
      await this.fanOut.close();
      await this.persistence.drain();
    };
    if (this.connections.size === 0) return finish();
    const done = new Promise<void>((resolve) => {
      this.closeWaiters.push(resolve);
    });
    for (const connection of [...this.connections]) {
      connection.close('SERVER_INITIATED_DISCONNECT', { disconnectCode: 0x8b, publishWill: false });
    }
    return done.then(finish);
  }

  // ---- sessions ---------------------------------------------------------------------------

  /** Queues a change for the SessionStore (applied in one batch per tick). */
  persist(op: SessionStoreOp): void {
    this.persistence.add(op);
  }

  droppedMessage(session: Session, topic: string, connected = false): void {
    this.droppedMessages++;
    this.logger.warn(
      { clientId: session.clientId, topic, dropped: this.droppedMessages },
      connected
        ? 'MQTT session queue at its hard limit, oldest message dropped'
        : 'MQTT session queue full, oldest message dropped',
    );
  }

  /** A QoS 0 delivery to a slow consumer was dropped: counted, warned about at most every 10 s. */
  droppedQos0Message(connection: Connection, topic: string): void {
    this.droppedQos0++;
    this.qos0DroppedSinceWarning++;
    const now = Date.now();
    if (now - this.lastQos0DropWarning < QOS0_DROP_WARN_INTERVAL_MS) return;
    this.lastQos0DropWarning = now;
    this.logger.warn(
      connection.logContext({
        topic,
        bufferedBytes: connection.outgoingBufferedBytes,
        droppedSinceLastWarning: this.qos0DroppedSinceWarning,
        dropped: this.droppedQos0,
      }),
      'MQTT slow consumer, QoS 0 message dropped',
    );
    this.qos0DroppedSinceWarning = 0;
  }

  /**
   * Attaches a connection that passed CONNECT to its session: a new one, or the existing
   * persistent session unless Clean Start / CleanSession is set [MQTT-3.1.2-4], [MQTT-3.1.2-5].
   */
  openSession(
    connection: Connection,
    cleanStart: boolean,
    expiryIntervalSeconds: number,
  ): { session: Session; present: boolean } {
    const clientId = connection.clientId;
    let session = this.sessions.get(clientId);
    if (session !== undefined && cleanStart) {
      this.endSession(session);
      session = undefined;
    }
    const present = session !== undefined;
    if (session !== undefined) this.wills.cancel(session);
    if (session === undefined) {
      session = new Session(this, clientId);
      this.sessions.set(clientId, session);
    }
    this.stopExpiry(session);
    session.connection = connection;
    session.protocolVersion = connection.protocolVersion;
    this.setSessionExpiry(session, expiryIntervalSeconds);
    this.refreshShares(session);
    return { session, present };
  }

  /** Changes the Session Expiry Interval (CONNECT, MQTT 5 DISCONNECT); mirrors it to the store. */
  setSessionExpiry(session: Session, expiryIntervalSeconds: number): void {
    session.expiryIntervalSeconds = expiryIntervalSeconds;
    if (expiryIntervalSeconds > 0) {
      if (session.stored) {
        session.persistMeta(undefined);
      } else {
        session.stored = true;
        session.persistSnapshot();
      }
    } else if (session.stored) {
      session.stored = false;
      this.persist({ op: 'deleteSession', clientId: session.clientId });
    }
  }

  private detachSession(session: Session): void {
    session.connection = undefined;
    session.pauseBacklog();
    this.refreshShares(session);
    // Offline, the queue is bounded by dropping: its publishers need not wait for it.
    session.releasePublishers();
    if (this.closing && !session.stored) return;
    const expiresAt = Date.now() + session.expiryIntervalSeconds * 1000;
    if (session.stored) session.persistMeta(new Date(expiresAt));
    this.startExpiry(session, expiresAt);
  }

  /** Ends a session: subscriptions, queues and stored state are gone. */
  endSession(session: Session): void {
    this.stopExpiry(session);
    this.wills.fire(session);
    for (const subscription of session.subscriptions.values()) this.unindex(subscription);
    session.clear();
    session.connection = undefined;
    if (this.sessions.get(session.clientId) === session) this.sessions.delete(session.clientId);
    if (session.stored) {
      session.stored = false;
      this.persist({ op: 'deleteSession', clientId: session.clientId });
    }
  }

  private startExpiry(session: Session, expiresAt: number): void {
    this.stopExpiry(session);
    if (this.closing) return;
    const delay = Math.max(0, expiresAt - Date.now());
    if (delay > MAX_TIMER_MS) return; // beyond ~24 days: removed on a later load
    const timer = setTimeout(() => {
      session.expiryTimer = undefined;
      if (session.connection !== undefined) return;
      this.logger.debug({ clientId: session.clientId }, 'MQTT session expired');
      this.endSession(session);
    }, delay);
    // Referenced like the connection timers: close() clears it.
    session.expiryTimer = timer;
  }

  private stopExpiry(session: Session): void {
    if (session.expiryTimer !== undefined) clearTimeout(session.expiryTimer);
    session.expiryTimer = undefined;
  }

  /** Restores persistent sessions from the store; expired ones are removed. */
  private loadSessions(): void {
    const fail = (error: unknown): void => this.logger.error({ err: error }, 'MQTT session store load failed');
    let loaded: StoredSession[] | Promise<StoredSession[]>;
    try {
      loaded = this.options.sessionStore.load();
    } catch (error) {
      fail(error);
      return;
    }
    if (!isThenable(loaded)) {
      this.restoreSessions(loaded);
      return;
    }
    const loading: Promise<void> = Promise.resolve(loaded).then((sessions) => this.restoreSessions(sessions), fail);
    this.loading = loading;
    loading.then(() => {
      if (this.loading === loading) this.loading = undefined;
    });
  }

  private restoreSessions(stored: StoredSession[]): void {
    const now = Date.now();
    for (const record of stored) {
      if (this.sessions.has(record.clientId)) continue;
      // A session that was connected when the process stopped expires one interval from now.
      const expiresAt = record.expiresAt?.getTime() ?? now + record.expiryIntervalSeconds * 1000;
      if (expiresAt <= now || record.expiryIntervalSeconds <= 0) {
        this.persist({ op: 'deleteSession', clientId: record.clientId });
        // The session ended while the broker was down: so did the wait of its will.
        if (record.will !== undefined) this.wills.publishExpired(record.clientId, record.will);
        continue;
      }
      const session = new Session(this, record.clientId);
      session.restore(record);
      this.sessions.set(record.clientId, session);
      if (record.will !== undefined) this.wills.restore(session, record.will);
      for (const s of record.subscriptions) {
        const subscription: Subscription = { session, ...s, ...restoredShare(s.filter) };
        session.subscriptions.set(s.filter, subscription);
        if (subscription.share !== undefined) {
          this.shared.add(subscription.share.group, subscription.share.filter, subscription);
          this.shared.refresh(subscription.share.group, subscription.share.filter);
        } else this.subscriptions.set(s.filter, session, subscription);
      }
      if (record.expiresAt === undefined) session.persistMeta(new Date(expiresAt));
      this.startExpiry(session, expiresAt);
    }
    if (stored.length > 0) this.logger.info({ sessions: this.sessions.size }, 'MQTT persistent sessions loaded');
  }

  assignClientId(): string {
    // `$`-prefixed like AWS-generated ids, so they cannot collide with ids clients usually pick.
    return `$auto-${randomUUID()}`;
  }

  // ---- topics -----------------------------------------------------------------------------

  isAcceptableTopicName(topic: string): boolean {
    const { maxTopicBytes, maxTopicLevels } = this.options;
    return isValidTopicName(topic) && withinTopicLimits(topic, maxTopicBytes, maxTopicLevels);
  }

  isAcceptableTopicFilter(filter: string): boolean {
    const { maxTopicBytes, maxTopicLevels } = this.options;
    return isValidTopicFilter(filter) && withinTopicLimits(filter, maxTopicBytes, maxTopicLevels);
  }

  // ---- subscriptions ----------------------------------------------------------------------

  /** Adds or replaces [MQTT-3.8.4-3] a subscription. Returns true when it is new. */
  subscribe(subscription: Subscription): boolean {
    const { session, filter, share } = subscription;
    session.subscriptions.set(filter, subscription);
    if (session.stored) {
      this.persist({
        op: 'putSubscription',
        clientId: session.clientId,
        subscription: storedSubscription(subscription),
      });
    }
    if (share !== undefined) {
      const added = this.shared.add(share.group, share.filter, subscription);
      this.shared.refresh(share.group, share.filter);
      return added;
    }
    return this.subscriptions.set(filter, session, subscription);
  }

  unsubscribe(session: Session, filter: string): boolean {
    const subscription = session.subscriptions.get(filter);
    session.subscriptions.delete(filter);
    if (session.stored) this.persist({ op: 'deleteSubscription', clientId: session.clientId, filter });
    if (subscription === undefined) return this.subscriptions.delete(filter, session);
    return this.unindex(subscription);
  }

  /** Removes a subscription from the trie or its share group (the session map is left alone). */
  private unindex(subscription: Subscription): boolean {
    const { share, session } = subscription;
    if (share !== undefined) {
      const removed = this.shared.remove(share.group, share.filter, session);
      this.shared.refresh(share.group, share.filter);
      return removed;
    }
    return this.subscriptions.delete(subscription.filter, session);
  }

  /** Share groups may change availability when a member session connects or goes offline. */
  private refreshShares(session: Session): void {
    if (this.fanOut.shareChanged === undefined) return;
    for (const { share } of session.subscriptions.values()) {
      if (share !== undefined) this.shared.refresh(share.group, share.filter);
    }
  }

  get subscriptionCount(): number {
    return this.subscriptions.size + this.shared.size;
  }

  /** Forgets cached authorization decisions of one client, or of all. */
  invalidateAuthorization(clientId?: string): void {
    if (clientId !== undefined) {
      this.clientsById.get(clientId)?.surface.authorizationCache?.clear();
      return;
    }
    for (const connection of this.connections) connection.surface.authorizationCache?.clear();
  }

  /** Sends the retained messages matching a new subscription [MQTT-3.3.1-6], with RETAIN=1 [MQTT-3.3.1-8]. */
  sendRetained(subscription: Subscription): void {
    // AWS: retained messages only for a filter equal to their topic.
    if (this.options.awsTopicSemantics && hasWildcard(subscription.filter)) return;
    let found: RetainedMessage[] | Promise<RetainedMessage[]>;
    try {
      found = this.retained.match(subscription.filter);
    } catch (error) {
      this.logger.error({ err: error, filter: subscription.filter }, 'MQTT retained store lookup failed');
      return;
    }
    if (isThenable(found)) {
      found.then(
        (messages) => this.deliverRetained(subscription, messages),
        (error: unknown) =>
          this.logger.error({ err: error, filter: subscription.filter }, 'MQTT retained store lookup failed'),
      );
      return;
    }
    this.deliverRetained(subscription, found);
  }

  private deliverRetained(subscription: Subscription, messages: RetainedMessage[]): void {
    const { session } = subscription;
    const now = Date.now();
    for (const retained of messages) {
      if (session.connection === undefined) return;
      const message: Message = { ...retained, retain: true };
      const expiry = retained.properties?.messageExpiryInterval;
      if (expiry !== undefined) {
        // MQTT 5 §3.3.2.3.3: forward the remaining lifetime; drop expired messages.
        const left = expiry - Math.floor((now - retained.receivedAt.getTime()) / 1000);
        if (left <= 0) continue;
        message.properties = { ...retained.properties, messageExpiryInterval: left };
      }
      const qos = Math.min(retained.qos, subscription.qos) as 0 | 1 | 2;
      const ids = subscription.identifier === undefined ? undefined : [subscription.identifier];
      const encoder = encoderFor(new PublishEncoder(message), session.connection, ids);
      this.deliverAuthorized(session, encoder, qos, true);
    }
  }

  // ---- publishing -------------------------------------------------------------------------

  onPublish(tap: Tap): () => void {
    this.taps = [...this.taps, tap];
    return () => {
      this.taps = this.taps.filter((t) => t !== tap);
    };
  }

  onRequest(handler: RequestHandler): () => void {
    this.requestHandlers = [...this.requestHandlers, handler];
    return () => {
      this.requestHandlers = this.requestHandlers.filter((h) => h !== handler);
    };
  }

  /**
   * The promises the request handlers returned for the message just routed (read right after
   * `route`, in the same synchronous step): the client's PUBACK/PUBREC waits for them.
   */
  takeHeldAck(): Promise<unknown> | undefined {
    const held = this.heldAck;
    this.heldAck = undefined;
    return held;
  }

  /**
   * Accepts a message: retained store, fan-out to the matching subscriptions of every node, taps
   * and request handlers.
   * `from` is the publishing client's session (back-pressure). Returns a promise only when the
   * retained store is asynchronous (a QoS 1 PUBACK waits for it).
   */
  route(message: Message, from: Session | undefined): void | Promise<void> {
    const stored = message.retain ? this.storeRetained(message) : undefined;
    const previous = this.publishing;
    this.publishing = from;
    try {
      this.fanOut.publish(message);
    } finally {
      this.publishing = previous;
    }
    const taps = this.taps;
    for (let i = 0; i < taps.length; i++) {
      try {
        taps[i]!(message);
      } catch (error) {
        this.logger.error({ err: error, topic: message.topic }, 'MQTT publish tap failed');
      }
    }
    const handlers = this.requestHandlers;
    let held: Promise<unknown> | undefined;
    for (let i = 0; i < handlers.length; i++) {
      try {
        const handled = handlers[i]!(message);
        if (isThenable(handled)) {
          const settled = Promise.resolve(handled).then(undefined, (error: unknown) =>
            this.logger.error({ err: error, topic: message.topic }, 'MQTT request handler failed'),
          );
          held = held === undefined ? settled : Promise.all([held, settled]);
        }
      } catch (error) {
        this.logger.error({ err: error, topic: message.topic }, 'MQTT request handler failed');
      }
    }
    // Assigned after the handlers ran: a publish they make routes (and resets it) in between.
    this.heldAck = held;
    return stored;
  }

  /** [MQTT-3.3.1-5] store/replace; [MQTT-3.3.1-10]/[MQTT-3.3.1-11] empty payload deletes, is not stored. */
  private storeRetained(message: Message): void | Promise<void> {
    const fail = (error: unknown): void =>
      this.logger.error({ err: error, topic: message.topic }, 'MQTT retained store update failed');
    let result: void | Promise<void>;
    try {
      if (message.payload.length === 0) {
        result = this.retained.delete(message.topic);
      } else {
        const retained: RetainedMessage = {
          topic: message.topic,
          payload: message.payload,
          qos: message.qos,
          receivedAt: message.receivedAt,
        };
        if (message.properties !== undefined) retained.properties = message.properties;
        result = this.retained.put(retained);
      }
    } catch (error) {
      fail(error);
      return;
    }
    if (isThenable(result)) return result.then(undefined, fail);
  }

  /**
   * FanOutNode: delivers to every matching subscription of this node and to one member of each
   * matching share group in `shared`. A session with several matching subscriptions gets one copy
   * at the highest granted QoS (MQTT 5 §3.3.4). Each shape of the message is encoded once and shared.
   */
  deliver(message: Message, shared: ShareScope): void {
    const matches = this.subscriptions.match(message.topic);
    const messageQos = message.qos;
    this.shared.match(message.topic, messageQos, shared, matches);
    if (matches.length === 0) return;
    // Set only while this node routes its own client's PUBLISH (the fan-out delivers it synchronously).
    const from = this.publishing;
    const publisherId = message.clientId;
    let ids: Map<Session, number[]> | undefined;
    const epoch = ++this.fanOutEpoch;
    const targets: Session[] = [];
    for (let i = 0; i < matches.length; i++) {
      const subscription = matches[i]!;
      const session = subscription.session;
      // MQTT 5 No Local [MQTT-3.8.3-3], by client id so that it holds on every node (and for wills).
      if (subscription.noLocal && session.clientId === publisherId) continue;
      const qos = Math.min(subscription.qos, messageQos) as 0 | 1 | 2;
      // RETAIN is 0 on live delivery [MQTT-3.3.1-9] unless MQTT 5 Retain As Published [MQTT-3.3.1-13].
      const retain = message.retain && subscription.retainAsPublished;
      // MQTT 5: every matching Subscription Identifier goes with the single copy [MQTT-3.3.4-4].
      if (subscription.identifier !== undefined) {
        ids ??= new Map();
        const list = ids.get(session);
        if (list === undefined) ids.set(session, [subscription.identifier]);
        else if (!list.includes(subscription.identifier)) list.push(subscription.identifier);
      }
      if (session.fanOutEpoch !== epoch) {
        session.fanOutEpoch = epoch;
        session.fanOutQos = qos;
        session.fanOutRetain = retain;
        targets.push(session);
      } else {
        if (qos > session.fanOutQos) session.fanOutQos = qos;
        if (retain) session.fanOutRetain = true;
      }
    }
    const encoder = new PublishEncoder(message);
    const publisher = from?.connection;
    for (let i = 0; i < targets.length; i++) {
      const session = targets[i]!;
      const target = encoderFor(encoder, session.connection, ids?.get(session));
      const qos = session.fanOutQos;
      this.deliverAuthorized(session, target, qos, session.fanOutRetain);
      // Back-pressure: a connected subscriber that cannot keep up pauses its QoS 1/2 publishers
      // (not itself: it must go on reading its own acknowledgements).
      if (qos > 0 && session.congested && publisher !== undefined && session !== from) {
        publisher.block(session);
      }
    }
  }

  /** Delivers unless authorizeReceive denies it for the session's connection. */
  private deliverAuthorized(session: Session, encoder: PublishEncoder, qos: 0 | 1 | 2, retain: boolean): void {
    const connection = session.connection;
    if (this.hooks.authorizeReceive === undefined || connection === undefined || connection.info === undefined) {
      this.deliverSafely(session, encoder, qos, retain);
      return;
    }
    const topic = encoder.message.topic;
    const denied = (error?: unknown): void => {
      if (error !== undefined)
        this.logger.warn(connection.logContext({ err: error, topic }), 'MQTT authorizeReceive hook failed');
      else this.logger.debug(connection.logContext({ topic }), 'MQTT delivery not authorized');
    };
    let allowed: boolean | Promise<boolean>;
    try {
      allowed = authorize(connection, 'receive', topic);
    } catch (error) {
      denied(error);
      return;
    }
    if (!isThenable(allowed)) {
      if (allowed === true) this.deliverSafely(session, encoder, qos, retain);
      else denied();
      return;
    }
    allowed.then((ok) => {
      if (ok !== true) return denied();
      if (session.connection === connection) this.deliverSafely(session, encoder, qos, retain);
    }, denied);
  }

  private deliverSafely(session: Session, encoder: PublishEncoder, qos: 0 | 1 | 2, retain: boolean): void {
    try {
      session.deliver(encoder, qos, retain);
    } catch (error) {
      this.logger.error(
        { err: error, clientId: session.clientId, topic: encoder.message.topic },
        'MQTT delivery failed',
      );
    }
  }

  clientInfo(connection: Connection): ClientInfo | undefined {
    const info = connection.info;
    if (info === undefined) return undefined;
    // Spreading evaluates the `subscriptions` getter: a snapshot.
    return { ...info };
  }
}

/** The share group of a stored `$share/{group}/{filter}` subscription. */
function restoredShare(filter: string): Pick<Subscription, 'share'> {
  if (!isSharedFilter(filter)) return {};
  const parsed = parseSharedFilter(filter);
  return 'error' in parsed ? {} : { share: { group: parsed.group, filter: parsed.filter } };
}
