import { AckType, encodeAck } from './ack-encoding.js';
import type { BrokerCore } from './broker-core.js';
import type { Connection } from './connection.js';
import {
  type EncodedPublish,
  encodePublish,
  markDuplicate,
  type PublishEncoder,
  withPacketId,
} from './packet-encoding.js';
import { ReasonCode } from './reason-codes.js';
import type { StoredOutgoing, StoredSession, StoredSessionMeta, StoredSubscription } from './session-store.js';
import type { Message } from './types.js';
import type { PendingWill } from './wills.js';

export interface Subscription {
  readonly session: Session;
  readonly filter: string;
  /** Granted QoS. */
  readonly qos: 0 | 1 | 2;
  /** MQTT 5 No Local: not delivered back to the publishing session. */
  readonly noLocal: boolean;
  /** MQTT 5 Retain As Published: keep the RETAIN flag on live delivery. */
  readonly retainAsPublished: boolean;
  /** MQTT 5 Retain Handling: 0 send retained, 1 only for a new subscription, 2 never. */
  readonly retainHandling: 0 | 1 | 2;
  /** MQTT 5 Subscription Identifier, sent with every message delivered through it (MQTT 5 §3.8.2.1.2). */
  readonly identifier?: number;
  /** Shared subscription `$share/{group}/{filter}`: the group and the inner filter. */
  readonly share?: { readonly group: string; readonly filter: string };
}

/** An outgoing QoS 1/2 message: queued, sent (awaiting PUBACK/PUBREC) or released (awaiting PUBCOMP). */
interface Outgoing {
  readonly seq: number;
  packetId: number;
  state: StoredOutgoing['state'];
  readonly qos: 1 | 2;
  readonly retain: boolean;
  readonly message: Message;
  /** The fan-out's encoder of `message` (shared with the other subscribers); none once restored from the store. */
  readonly encoder: PublishEncoder | undefined;
}

/**
 * MQTT session state (§4.1): subscriptions, outgoing QoS 1/2 state (in flight and queued) and
 * incoming QoS 2 packet ids. A session with a Session Expiry Interval > 0 outlives its
 * connection (persistent session) and is mirrored to the SessionStore.
 */
export class Session {
  connection: Connection | undefined;
  readonly subscriptions = new Map<string, Subscription>();
  /** packet id → outgoing QoS 1/2 awaiting PUBACK/PUBREC/PUBCOMP, in send order. */
  readonly inflight = new Map<number, Outgoing>();
  /** Incoming QoS 2 packet ids whose PUBLISH was accepted, awaiting PUBREL [MQTT-4.3.3-9]. */
  readonly incomingQos2 = new Set<number>();
  /** Session Expiry Interval in seconds; 0 = the session ends with its connection. */
  expiryIntervalSeconds = 0;
  protocolVersion: 3 | 4 | 5 = 4;
  /** True while the session is mirrored to the SessionStore. */
  stored = false;
  expiryTimer: NodeJS.Timeout | undefined;
  /** MQTT 5 delayed Will Message of the last connection, published when the timer fires or the session ends. */
  pendingWill: PendingWill | undefined;
  willTimer: NodeJS.Timeout | undefined;
  /**
   * True while connected and the queue went above maxQueuedMessages (high watermark) and has not
   * yet fallen to the low watermark: publishers to this session are paused (back-pressure).
   */
  congested = false;
  /** Publishing connections paused because of this session's congestion. */
  readonly blockedPublishers = new Set<Connection>();

  private queue: Outgoing[] = [];
  /**
   * What was queued while offline, after a resume: sent one by one at resumeRatePerSecond (AWS),
   * while messages arriving after the CONNACK go through `queue` at once.
   */
  private backlog: Outgoing[] = [];
  private backlogTimer: NodeJS.Timeout | undefined;
  /** A backlog message is due but the in-flight window was full: the next acknowledgement sends it. */
  private backlogDue = false;
  private nextSeq = 1;
  private nextPacketId = 1;

  // Scratch fields used by the broker during one fan-out to merge overlapping subscriptions.
  fanOutEpoch = 0;
  fanOutQos: 0 | 1 | 2 = 0;
  fanOutRetain = false;

  constructor(
    readonly core: BrokerCore,
    readonly clientId: string,
  ) {}

  /** Outgoing QoS 1/2 messages waiting for an in-flight slot, their turn after a resume, or the client. */
  get queuedCount(): number {
    return this.backlog.length + this.queue.length;
  }

  /** Sends (or queues) a message with the given delivery QoS and RETAIN flag (hot path). */
  deliver(encoder: PublishEncoder, qos: 0 | 1 | 2, retain: boolean): void {
    const connection = this.connection;
    if (qos === 0) {
      // QoS 0 is never queued nor stored.
      if (connection === undefined) return;
      // Slow consumer: its buffer is full, so QoS 0 is dropped rather than buffered without bound.
      if (connection.outgoingBufferedBytes > this.core.options.maxOutgoingBufferBytes) {
        this.core.droppedQos0Message(connection, encoder.message.topic);
        return;
      }
      const encoded = encoder.encoded(connection.protocolVersion, 0, retain);
      // Never send a packet above the client's Maximum Packet Size [MQTT-3.1.2-24] (MQTT 5).
      if (encoded.bytes.length <= connection.maxOutgoingPacketBytes) connection.write(encoded.bytes);
      return;
    }
    const entry: Outgoing = {
      seq: this.nextSeq++,
      packetId: 0,
      state: 'queued',
      qos,
      retain,
      message: encoder.message,
      encoder: encoder.forQueue(),
    };
    if (connection !== undefined && this.queue.length === 0 && this.inflight.size < this.window(connection)) {
      this.send(connection, entry, encoder.encoded(connection.protocolVersion, qos, retain));
      return;
    }
    this.enqueue(entry);
  }

  /** PUBACK from the client. Returns false for an unknown packet id. */
  acknowledge(packetId: number): boolean {
    const entry = this.inflight.get(packetId);
    if (entry === undefined || entry.qos !== 1) return false;
    this.complete(entry);
    return true;
  }

  /**
   * PUBREC for an outgoing QoS 2 message: answer with PUBREL [MQTT-4.3.3-4] (also for a repeated
   * PUBREC); an MQTT 5 error reason code ends the exchange. Unknown ids get PUBREL 0x92.
   */
  received(packetId: number, reasonCode: number): void {
    const connection = this.connection;
    const entry = this.inflight.get(packetId);
    if (entry === undefined || entry.qos !== 2) {
      connection?.write(
        encodeAck(AckType.pubrel, packetId, connection.protocolVersion, ReasonCode.packetIdentifierNotFound),
      );
      return;
    }
    if (reasonCode >= 0x80) {
      this.complete(entry);
      return;
    }
    if (entry.state === 'publish') {
      entry.state = 'pubrel';
      if (this.stored) this.persistEntry(entry);
    }
    connection?.write(encodeAck(AckType.pubrel, packetId, connection.protocolVersion));
  }

  /** PUBCOMP: the outgoing QoS 2 exchange is over. Returns false for an unknown packet id. */
  completed(packetId: number): boolean {
    const entry = this.inflight.get(packetId);
    if (entry === undefined || entry.state !== 'pubrel') return false;
    this.complete(entry);
    return true;
  }

  /**
   * A persistent session got a new connection: resend unacknowledged PUBLISH packets with DUP=1
   * and PUBREL packets, in their original order [MQTT-4.4.0-1], then what was queued: at once, or
   * with a resumeRatePerSecond (AWS §6.4: ≤ 10 msg/s after CONNACK) one by one at that rate.
   * Messages that arrive meanwhile do not wait for that backlog, so a long backlog neither delays
   * live traffic nor slows its publishers (back-pressure); the price is that they may overtake
   * older queued messages of the same topic (resumeRatePerSecond 0 keeps the order). The backlog
   * takes the next free in-flight slot when one is due.
   */
  resume(connection: Connection): void {
    const now = Date.now();
    for (const entry of this.inflight.values()) {
      if (entry.state === 'pubrel') {
        connection.write(encodeAck(AckType.pubrel, entry.packetId, connection.protocolVersion));
        continue;
      }
      // Onward delivery already started, so it is resent even when expired, with the time left.
      const message = remainingLifetime(entry.message, now) ?? {
        ...entry.message,
        properties: { ...entry.message.properties, messageExpiryInterval: 1 },
      };
      const bytes = withPacketId(
        encodePublish(message, connection.protocolVersion, entry.qos, entry.retain),
        entry.packetId,
      );
      markDuplicate(bytes);
      connection.write(bytes);
    }
    if (this.core.options.resumeRatePerSecond > 0 && this.queue.length > 0) {
      this.backlog = this.queue;
      this.queue = [];
      this.sendBacklog();
      return;
    }
    this.drain(connection);
  }

  /** The connection ended: an unsent backlog goes back to the head of the queue, in order. */
  pauseBacklog(): void {
    this.stopBacklog();
    if (this.backlog.length === 0) return;
    this.queue = this.backlog.concat(this.queue);
    this.backlog = [];
  }

  /** Sends the next backlog message and schedules the one after it. */
  sendBacklog(): void {
    this.backlogTimer = undefined;
    this.backlogDue = false;
    const connection = this.connection;
    if (connection === undefined) return;
    if (this.inflight.size >= this.window(connection)) {
      this.backlogDue = true;
      return;
    }
    const now = Date.now();
    while (this.backlog.length > 0) {
      const entry = this.backlog.shift()!;
      const message = remainingLifetime(entry.message, now);
      if (message === undefined) {
        // MQTT 5 §3.3.2.3.3: an expired message is not delivered.
        if (this.stored) this.core.persist({ op: 'deleteOutgoing', clientId: this.clientId, seq: entry.seq });
        continue;
      }
      this.send(connection, entry, encodePublish(message, connection.protocolVersion, entry.qos, entry.retain));
      break;
    }
    if (this.backlog.length > 0) {
      this.backlogTimer = setTimeout(sendBacklogTick, 1000 / this.core.options.resumeRatePerSecond, this);
    }
  }

  private stopBacklog(): void {
    if (this.backlogTimer !== undefined) clearTimeout(this.backlogTimer);
    this.backlogTimer = undefined;
    this.backlogDue = false;
  }

  addIncomingQos2(packetId: number): void {
    this.incomingQos2.add(packetId);
    if (this.stored) this.core.persist({ op: 'putIncomingQos2', clientId: this.clientId, packetId });
  }

  releaseIncomingQos2(packetId: number): boolean {
    if (!this.incomingQos2.delete(packetId)) return false;
    if (this.stored) this.core.persist({ op: 'deleteIncomingQos2', clientId: this.clientId, packetId });
    return true;
  }

  /** Drops all state (session end). */
  clear(): void {
    this.stopBacklog();
    this.inflight.clear();
    this.queue.length = 0;
    this.backlog.length = 0;
    this.incomingQos2.clear();
    this.subscriptions.clear();
    this.releasePublishers();
  }

  /** Ends the congestion and resumes the publishers paused by it (drained, offline or ended). */
  releasePublishers(): void {
    this.congested = false;
    if (this.blockedPublishers.size === 0) return;
    const blocked = [...this.blockedPublishers];
    this.blockedPublishers.clear();
    for (const connection of blocked) connection.unblock(this);
  }

  /** Writes the whole session to the store (it becomes persistent). */
  persistSnapshot(): void {
    const core = this.core;
    const clientId = this.clientId;
    this.persistMeta(undefined);
    for (const subscription of this.subscriptions.values()) {
      core.persist({ op: 'putSubscription', clientId, subscription: storedSubscription(subscription) });
    }
    for (const entry of this.inflight.values()) this.persistEntry(entry);
    for (const entry of this.backlog) this.persistEntry(entry);
    for (const entry of this.queue) this.persistEntry(entry);
    for (const packetId of this.incomingQos2) core.persist({ op: 'putIncomingQos2', clientId, packetId });
  }

  persistMeta(expiresAt: Date | undefined): void {
    const session: StoredSessionMeta = {
      clientId: this.clientId,
      protocolVersion: this.protocolVersion,
      expiryIntervalSeconds: this.expiryIntervalSeconds,
    };
    if (expiresAt !== undefined) session.expiresAt = expiresAt;
    this.core.persist({ op: 'putSession', session });
  }

  /** Rebuilds the outgoing and incoming state of a stored session (subscriptions are the core's). */
  restore(stored: StoredSession): void {
    this.protocolVersion = stored.protocolVersion;
    this.expiryIntervalSeconds = stored.expiryIntervalSeconds;
    this.stored = true;
    for (const m of stored.outgoing) {
      const message: Message = {
        topic: m.topic,
        payload: m.payload,
        qos: m.qos,
        retain: m.retain,
        receivedAt: m.receivedAt,
      };
      if (m.properties !== undefined) message.properties = m.properties;
      const entry: Outgoing = {
        seq: m.seq,
        packetId: m.packetId,
        state: m.state,
        qos: m.qos,
        retain: m.retain,
        message,
        encoder: undefined,
      };
      if (entry.state === 'queued') this.queue.push(entry);
      else this.inflight.set(entry.packetId, entry);
      if (m.seq >= this.nextSeq) this.nextSeq = m.seq + 1;
      if (m.packetId >= this.nextPacketId) this.nextPacketId = m.packetId === 0xffff ? 1 : m.packetId + 1;
    }
    for (const packetId of stored.incomingQos2) this.incomingQos2.add(packetId);
  }

  /** Outgoing QoS 1/2 in flight at most: the client's Receive Maximum, capped by the option. */
  private window(connection: Connection): number {
    return Math.min(this.core.options.maxInflightOutgoing, connection.receiveMaximum);
  }

  /**
   * Queues an outgoing message. An offline session keeps at most maxQueuedMessages (oldest
   * dropped). A connected session keeps everything up to the hard cap: above maxQueuedMessages it
   * becomes congested and the broker pauses its publishers instead of dropping acknowledged messages.
   */
  private enqueue(entry: Outgoing): void {
    const connected = this.connection !== undefined;
    const { maxQueuedMessages } = this.core.options;
    const limit = connected ? this.core.hardQueueLimit : maxQueuedMessages;
    while (this.queue.length >= limit && this.queue.length > 0) {
      const dropped = this.queue.shift()!;
      this.core.droppedMessage(this, dropped.message.topic, connected);
      if (this.stored) this.core.persist({ op: 'deleteOutgoing', clientId: this.clientId, seq: dropped.seq });
    }
    if (limit <= 0) {
      this.core.droppedMessage(this, entry.message.topic, connected);
      return;
    }
    this.queue.push(entry);
    if (this.stored) this.persistEntry(entry);
    if (connected && this.queue.length > maxQueuedMessages) this.congest();
  }

  private congest(): void {
    if (this.congested) return;
    this.congested = true;
    // A paused connection whose own deliveries are congested must read its acknowledgements.
    this.connection?.unblockAll();
  }

  private send(connection: Connection, entry: Outgoing, encoded: EncodedPublish): void {
    // Never send a packet above the client's Maximum Packet Size [MQTT-3.1.2-24] (MQTT 5).
    if (encoded.bytes.length > connection.maxOutgoingPacketBytes) {
      // Deleting an entry that was never stored is harmless.
      if (this.stored) this.core.persist({ op: 'deleteOutgoing', clientId: this.clientId, seq: entry.seq });
      return;
    }
    const packetId = this.allocatePacketId();
    entry.packetId = packetId;
    entry.state = 'publish';
    this.inflight.set(packetId, entry);
    if (this.stored) this.persistEntry(entry);
    connection.write(withPacketId(encoded, packetId));
  }

  /** Sends queued messages while the in-flight window has room; expired ones are dropped. */
  private drain(connection: Connection): void {
    const limit = this.window(connection);
    const now = Date.now();
    while (this.queue.length > 0 && this.inflight.size < limit && this.connection === connection) {
      const entry = this.queue.shift()!;
      const message = remainingLifetime(entry.message, now);
      if (message === undefined) {
        // MQTT 5 §3.3.2.3.3: an expired message is not delivered.
        if (this.stored) this.core.persist({ op: 'deleteOutgoing', clientId: this.clientId, seq: entry.seq });
        continue;
      }
      // The bytes the fan-out encoded for this shape, unless the message changed (expiry) or was restored.
      const encoded =
        message === entry.message && entry.encoder !== undefined
          ? entry.encoder.encoded(connection.protocolVersion, entry.qos, entry.retain)
          : encodePublish(message, connection.protocolVersion, entry.qos, entry.retain);
      this.send(connection, entry, encoded);
    }
    if (this.congested && this.queue.length <= this.core.options.maxQueuedMessages >> 1) this.releasePublishers();
  }

  private complete(entry: Outgoing): void {
    this.inflight.delete(entry.packetId);
    if (this.stored) this.core.persist({ op: 'deleteOutgoing', clientId: this.clientId, seq: entry.seq });
    // The backlog's turn came while the window was full: it gets this slot.
    if (this.backlogDue) this.sendBacklog();
    const connection = this.connection;
    if (connection !== undefined && (this.queue.length > 0 || this.congested)) this.drain(connection);
  }

  private persistEntry(entry: Outgoing): void {
    const { message } = entry;
    const stored: StoredOutgoing = {
      seq: entry.seq,
      packetId: entry.packetId,
      state: entry.state,
      qos: entry.qos,
      retain: entry.retain,
      topic: message.topic,
      payload: message.payload,
      receivedAt: message.receivedAt,
    };
    if (message.properties !== undefined) stored.properties = message.properties;
    this.core.persist({ op: 'putOutgoing', clientId: this.clientId, message: stored });
  }

  private allocatePacketId(): number {
    // Terminates: the inflight map holds at most maxInflightOutgoing (< 65535) ids.
    let id: number;
    do {
      id = this.nextPacketId;
      this.nextPacketId = id === 0xffff ? 1 : id + 1;
    } while (this.inflight.has(id));
    return id;
  }
}

export function storedSubscription(subscription: Subscription): StoredSubscription {
  const { filter, qos, noLocal, retainAsPublished, retainHandling, identifier } = subscription;
  const stored: StoredSubscription = { filter, qos, noLocal, retainAsPublished, retainHandling };
  if (identifier !== undefined) stored.identifier = identifier;
  return stored;
}

/**
 * The message with its MQTT 5 Message Expiry Interval reduced by the time it waited, or
 * undefined when it expired (§3.3.2.3.3).
 */
export function remainingLifetime(message: Message, now: number): Message | undefined {
  const expiry = message.properties?.messageExpiryInterval;
  if (expiry === undefined) return message;
  const left = expiry - Math.floor((now - message.receivedAt.getTime()) / 1000);
  if (left <= 0) return undefined;
  if (left === expiry) return message;
  return { ...message, properties: { ...message.properties, messageExpiryInterval: left } };
}

function sendBacklogTick(session: Session): void {
  session.sendBacklog();
}
