import type { IPublishPacket } from 'mqtt-packet';
import { ReasonCode } from './reason-codes.js';

/** A rejected inbound Topic Alias: why, and the DISCONNECT reason code. */
export interface AliasError {
  message: string;
  reasonCode: number;
}

/**
 * Client → server Topic Aliases (MQTT 5 §3.3.2.3.4), per Network Connection: mappings are never
 * carried to another connection [MQTT-3.3.2-7].
 */
export class InboundTopicAliases {
  /** Created on the first alias: most connections never use one. */
  private topics: Map<number, string> | undefined;

  constructor(readonly maximum: number) {}

  /**
   * Resolves the alias of `packet` in place (sets `topic`). Returns an error for alias 0 or above
   * the advertised maximum (0x94) [MQTT-3.3.2-8], [MQTT-3.3.2-9], or an unknown alias with an
   * empty topic (protocol error 0x82).
   */
  resolve(packet: IPublishPacket): AliasError | undefined {
    const alias = packet.properties?.topicAlias;
    if (alias === undefined) return undefined;
    if (alias === 0 || alias > this.maximum) {
      return { message: `topic alias ${alias} out of range`, reasonCode: ReasonCode.topicAliasInvalid };
    }
    if (packet.topic.length > 0) {
      if (this.topics === undefined) this.topics = new Map();
      this.topics.set(alias, packet.topic);
      return undefined;
    }
    const topic = this.topics?.get(alias);
    if (topic === undefined) {
      return { message: `unknown topic alias ${alias}`, reasonCode: ReasonCode.protocolError };
    }
    packet.topic = topic;
    return undefined;
  }
}

/**
 * Server → client Topic Aliases up to the client's Topic Alias Maximum [MQTT-3.3.2-11], least
 * recently used mapping replaced when all are taken.
 */
export class OutboundTopicAliases {
  /** topic → alias, in least-recently-used-first order. */
  private readonly aliases = new Map<string, number>();

  constructor(readonly maximum: number) {}

  /** The alias for `topic` and whether the client already knows it (then the topic may be left empty). */
  aliasFor(topic: string): { alias: number; known: boolean } {
    const existing = this.aliases.get(topic);
    if (existing !== undefined) {
      this.aliases.delete(topic);
      this.aliases.set(topic, existing);
      return { alias: existing, known: true };
    }
    let alias = this.aliases.size + 1;
    if (alias > this.maximum) {
      const [oldest, reused] = this.aliases.entries().next().value as [string, number];
      this.aliases.delete(oldest);
      alias = reused;
    }
    this.aliases.set(topic, alias);
    return { alias, known: false };
  }

  /** Forgets a mapping that could not be sent. */
  forget(topic: string): void {
    this.aliases.delete(topic);
  }
}
