import type { Connection } from './connection.js';
import { type EncodedPublish, type PublishEncoder, withPacketId } from './packet-encoding.js';

export interface Subscription {
  readonly session: Session;
  readonly filter: string;
  /** Granted QoS. */
  readonly qos: 0 | 1;
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

/** Outgoing QoS 1 messages awaiting PUBACK, per session. */
const MAX_INFLIGHT = 1024;
/** Outgoing QoS 1 messages waiting for an inflight slot; beyond this they are dropped. */
const MAX_PENDING = 10_000;

/**
 * MQTT session state (§4.1): subscriptions and outgoing QoS 1 state. Only clean sessions exist
 * for now — a session lives as long as its connection — but the state is kept apart from the
 * connection so a persistent session can outlive it and be attached to the next one.
 */
export class Session {
  connection: Connection | undefined;
  readonly subscriptions = new Map<string, Subscription>();
  /** packet id → encoded PUBLISH, for outgoing QoS 1 awaiting PUBACK. */
  readonly inflight = new Map<number, Buffer>();
  private readonly pending: EncodedPublish[] = [];
  private nextPacketId = 1;

  // Scratch fields used by the broker during one fan-out to merge overlapping subscriptions.
  fanOutEpoch = 0;
  fanOutQos: 0 | 1 = 0;
  fanOutRetain = false;

  constructor(readonly clientId: string) {}

  /** Sends a message with the given delivery QoS and RETAIN flag (hot path). */
  deliver(encoder: PublishEncoder, qos: 0 | 1, retain: boolean): void {
    const connection = this.connection;
    if (connection === undefined) return; // persistent sessions will queue here
    const encoded = encoder.encoded(connection.protocolVersion, qos, retain);
    // Never send a packet above the client's Maximum Packet Size [MQTT-3.1.2-24] (MQTT 5).
    if (encoded.bytes.length > connection.maxOutgoingPacketBytes) return;
    if (qos === 0) {
      connection.write(encoded.bytes);
      return;
    }
    if (this.inflight.size >= Math.min(MAX_INFLIGHT, connection.receiveMaximum)) {
      if (this.pending.length >= MAX_PENDING) {
        connection.logDropped(encoder.message.topic);
        return;
      }
      this.pending.push(encoded);
      return;
    }
    this.sendQos1(connection, encoded);
  }

  /** PUBACK from the client. Returns false for an unknown packet id. */
  acknowledge(packetId: number): boolean {
    if (!this.inflight.delete(packetId)) return false;
    const connection = this.connection;
    if (connection !== undefined) {
      const limit = Math.min(MAX_INFLIGHT, connection.receiveMaximum);
      while (this.pending.length > 0 && this.inflight.size < limit) {
        this.sendQos1(connection, this.pending.shift()!);
      }
    }
    return true;
  }

  /** Drops all transient state (clean session end). */
  clear(): void {
    this.inflight.clear();
    this.pending.length = 0;
    this.subscriptions.clear();
  }

  private sendQos1(connection: Connection, encoded: EncodedPublish): void {
    const packetId = this.allocatePacketId();
    const bytes = withPacketId(encoded, packetId);
    this.inflight.set(packetId, bytes);
    connection.write(bytes);
  }

  private allocatePacketId(): number {
    // Terminates: the inflight map holds fewer than MAX_INFLIGHT < 65535 ids.
    let id: number;
    do {
      id = this.nextPacketId;
      this.nextPacketId = id === 0xffff ? 1 : id + 1;
    } while (this.inflight.has(id));
    return id;
  }
}
