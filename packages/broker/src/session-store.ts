import type { ConnectionMeta, ForwardedProperties, MaybePromise } from './types.js';

/** A subscription as persisted with its session. */
export interface StoredSubscription {
  filter: string;
  qos: 0 | 1 | 2;
  noLocal: boolean;
  retainAsPublished: boolean;
  retainHandling: 0 | 1 | 2;
  /** MQTT 5 Subscription Identifier. */
  identifier?: number;
}

/**
 * An outgoing QoS 1/2 message of a session: `queued` (not sent yet, packetId 0), `publish`
 * (sent, awaiting PUBACK/PUBREC) or `pubrel` (PUBREC received, awaiting PUBCOMP).
 */
export interface StoredOutgoing {
  /** Per-session sequence number: the delivery order. */
  seq: number;
  packetId: number;
  state: 'queued' | 'publish' | 'pubrel';
  /** Delivery QoS. */
  qos: 1 | 2;
  retain: boolean;
  topic: string;
  payload: Buffer;
  properties?: ForwardedProperties;
  /** When the broker accepted the message; MQTT 5 message expiry counts from here. */
  receivedAt: Date;
}

/** Session-level fields. */
export interface StoredSessionMeta {
  clientId: string;
  protocolVersion: 3 | 4 | 5;
  /** Session Expiry Interval in seconds (> 0: only persistent sessions are stored). */
  expiryIntervalSeconds: number;
  /** When the session expires; undefined while a connection is attached. */
  expiresAt?: Date;
}

/** The connection that left a will: who publishes it, for the authorizePublish check. */
export interface StoredWillClient {
  protocolVersion: 3 | 4 | 5;
  transport: ConnectionMeta['transport'];
  remoteAddress?: string;
  certificateId?: string;
  connectedAt: Date;
}

/**
 * An MQTT 5 Will Message waiting for its Will Delay Interval after an unclean disconnect: published
 * at `publishAt` or when the session ends, whichever comes first, unless the session resumes.
 */
export interface StoredWill {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  retain: boolean;
  properties?: ForwardedProperties;
  publishAt: Date;
  client: StoredWillClient;
}

export interface StoredSession extends StoredSessionMeta {
  subscriptions: StoredSubscription[];
  /** Ordered by `seq`. */
  outgoing: StoredOutgoing[];
  /** Packet ids of incoming QoS 2 PUBLISH packets awaiting PUBREL. */
  incomingQos2: number[];
  /** The pending delayed will, if any. */
  will?: StoredWill;
}

/** One change to the persisted session state; the broker hands them over in batches. */
export type SessionStoreOp =
  | { op: 'putSession'; session: StoredSessionMeta }
  | { op: 'deleteSession'; clientId: string }
  | { op: 'putSubscription'; clientId: string; subscription: StoredSubscription }
  | { op: 'deleteSubscription'; clientId: string; filter: string }
  | { op: 'putOutgoing'; clientId: string; message: StoredOutgoing }
  | { op: 'deleteOutgoing'; clientId: string; seq: number }
  | { op: 'putIncomingQos2'; clientId: string; packetId: number }
  | { op: 'deleteIncomingQos2'; clientId: string; packetId: number }
  | { op: 'putWill'; clientId: string; will: StoredWill }
  | { op: 'deleteWill'; clientId: string };

/**
 * Port for persistent MQTT sessions. The broker collects the changes of one tick and calls
 * `apply` once with all of them; a durable store applies them atomically (one transaction) and
 * only then returns (or resolves). A QoS 1/2 publish is acknowledged after that.
 * Ops for a client id arrive after its `putSession` and are ignored after `deleteSession`.
 */
export interface SessionStore {
  apply(ops: readonly SessionStoreOp[]): MaybePromise<void>;
  /** Every stored session (the broker loads them once, at start). */
  load(): MaybePromise<StoredSession[]>;
}

interface MemoryRecord {
  meta: StoredSessionMeta;
  subscriptions: Map<string, StoredSubscription>;
  outgoing: Map<number, StoredOutgoing>;
  incomingQos2: Set<number>;
  will: StoredWill | undefined;
}

/** In-memory SessionStore: state lives as long as the process (the default). */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, MemoryRecord>();

  get size(): number {
    return this.sessions.size;
  }

  apply(ops: readonly SessionStoreOp[]): void {
    for (const op of ops) {
      if (op.op === 'putSession') {
        const record = this.sessions.get(op.session.clientId);
        if (record === undefined) {
          this.sessions.set(op.session.clientId, {
            meta: { ...op.session },
            subscriptions: new Map(),
            outgoing: new Map(),
            incomingQos2: new Set(),
            will: undefined,
          });
        } else {
          record.meta = { ...op.session };
        }
        continue;
      }
      if (op.op === 'deleteSession') {
        this.sessions.delete(op.clientId);
        continue;
      }
      const record = this.sessions.get(op.clientId);
      if (record === undefined) continue;
      switch (op.op) {
        case 'putSubscription':
          record.subscriptions.set(op.subscription.filter, { ...op.subscription });
          break;
        case 'deleteSubscription':
          record.subscriptions.delete(op.filter);
          break;
        case 'putOutgoing':
          record.outgoing.set(op.message.seq, { ...op.message });
          break;
        case 'deleteOutgoing':
          record.outgoing.delete(op.seq);
          break;
        case 'putIncomingQos2':
          record.incomingQos2.add(op.packetId);
          break;
        case 'deleteIncomingQos2':
          record.incomingQos2.delete(op.packetId);
          break;
        case 'putWill':
          record.will = { ...op.will, client: { ...op.will.client } };
          break;
        case 'deleteWill':
          record.will = undefined;
          break;
      }
    }
  }

  load(): StoredSession[] {
    return Array.from(this.sessions.values(), (record) => {
      const session: StoredSession = {
        ...record.meta,
        subscriptions: Array.from(record.subscriptions.values(), (s) => ({ ...s })),
        outgoing: Array.from(record.outgoing.values(), (m) => ({ ...m })).sort((a, b) => a.seq - b.seq),
        incomingQos2: [...record.incomingQos2],
      };
      if (record.will !== undefined) session.will = { ...record.will, client: { ...record.will.client } };
      return session;
    });
  }
}
