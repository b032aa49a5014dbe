import { generate, type IPublishPacket } from 'mqtt-packet';
import type { Connection } from './connection.js';
import { type EncodedPublish, PublishEncoder, packetIdOffsetOf } from './packet-encoding.js';

/**
 * A PUBLISH for one MQTT 5 connection that needs its own bytes: Subscription Identifiers of the
 * matching subscriptions [MQTT-3.3.4-3], [MQTT-3.3.4-4] and/or a server → client Topic Alias.
 * Aliases are used for QoS 0 only, so a stored QoS 1 packet never depends on this connection's
 * alias mappings when it is resent on another one [MQTT-3.3.2-7].
 */
class ConnectionPublishEncoder extends PublishEncoder {
  constructor(
    private readonly base: PublishEncoder,
    /** Undefined for a queued delivery, which never uses aliases. */
    private readonly connection: Connection | undefined,
    private readonly subscriptionIds: number[] | undefined,
  ) {
    super(base.message);
  }

  /** Queued QoS 1/2 deliveries need only the Subscription Identifiers, not the connection. */
  override forQueue(): PublishEncoder {
    if (this.subscriptionIds === undefined) return this.base;
    return new ConnectionPublishEncoder(this.base, undefined, this.subscriptionIds);
  }

  override encoded(protocolVersion: 3 | 4 | 5, qos: 0 | 1, retain: boolean): EncodedPublish {
    const { connection } = this;
    // Aliases only for QoS 0 on this (still open) connection.
    const aliases =
      qos === 0 && connection !== undefined && !connection.closed ? connection.surface.outboundAliases : undefined;
    const ids = this.subscriptionIds;
    if (protocolVersion !== 5 || (ids === undefined && aliases === undefined)) {
      return this.base.encoded(protocolVersion, qos, retain);
    }
    const { message } = this;
    const properties: NonNullable<IPublishPacket['properties']> = { ...message.properties };
    if (ids !== undefined) properties.subscriptionIdentifier = ids.length === 1 ? ids[0]! : ids;
    const packet: IPublishPacket = {
      cmd: 'publish',
      topic: message.topic,
      payload: message.payload,
      qos,
      retain,
      dup: false,
      properties,
    };
    if (qos > 0) packet.messageId = 1;
    if (aliases === undefined) {
      const bytes = generate(packet, { protocolVersion: 5 });
      return { bytes, packetIdOffset: qos > 0 ? packetIdOffsetOf(bytes) : -1 };
    }
    const { alias, known } = aliases.aliasFor(message.topic);
    properties.topicAlias = alias;
    if (known) packet.topic = '';
    const bytes = generate(packet, { protocolVersion: 5 });
    // Above the client's Maximum Packet Size the packet is dropped: do not keep a mapping it never saw.
    if (!known && connection !== undefined && bytes.length > connection.maxOutgoingPacketBytes) {
      aliases.forget(message.topic);
    }
    return { bytes, packetIdOffset: -1 };
  }
}

/** The encoder to use for `connection`: the shared one unless it needs per-connection bytes. */
export function encoderFor(
  base: PublishEncoder,
  connection: Connection | undefined,
  subscriptionIds: number[] | undefined,
): PublishEncoder {
  if (connection === undefined || connection.protocolVersion !== 5) return base;
  if (subscriptionIds === undefined && connection.surface.outboundAliases === undefined) return base;
  return new ConnectionPublishEncoder(base, connection, subscriptionIds);
}
