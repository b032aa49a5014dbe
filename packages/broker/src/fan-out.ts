import { randomUUID } from 'node:crypto';
import type { BrokerLogger, MaybePromise, Message } from './types.js';

/**
 * What one node offers a share group (`$share/{group}/{filter}`) for the messages that match it:
 * `online` a connected member, `persistent` only offline members of persistent sessions with a
 * QoS ≥ 1 subscription (QoS ≥ 1 messages are queued for one of them), `none` nothing.
 */
export type ShareAvailability = 'online' | 'persistent' | 'none';

/**
 * Which share groups a node serves for one message: `all` of its matching groups (a single node),
 * or only the groups whose keys (`$share/{group}/{filter}`) are in the set.
 */
export type ShareScope = 'all' | ReadonlySet<string>;

/** The broker side of the port: one node's local delivery. */
export interface FanOutNode {
  /**
   * Delivers `message` to this node's matching subscriptions (topic trie → sessions) and to one
   * member of each share group in `shared`. Never throws.
   */
  deliver(message: Message, shared: ShareScope): void;
  readonly logger: BrokerLogger;
}

/**
 * Fan-out port: routes every message a node accepted (client publish, will, platform publish,
 * lifecycle event) to the subscriptions of every node.
 *
 * - The broker hands each accepted message to `publish` exactly once; the retained store, the
 *   session store and the publish taps (rules, shadows, console) are not part of the fan-out:
 *   retained and session state are global through their own ports, and taps run on the node that
 *   accepted the message, so rules and shadows see each message once per cluster.
 * - The accepting node's own delivery happens synchronously inside `publish`, with the very
 *   message object (no copy, no encoding): acknowledgements and back-pressure rely on it.
 * - Every other node gets the message exactly once, through `FanOutNode.deliver`. Between
 *   processes it travels as an envelope (`encodeFanOutEnvelope`) carrying the origin node id, so a
 *   node drops its own messages when a pub/sub bus echoes them back. The publishing client id
 *   travels in the message, so MQTT 5 No Local holds on every node.
 * - Share groups deliver each message to one member cluster-wide. A cluster implementation
 *   tracks, per group, what each node offers (`shareChanged`, reported by the broker on every
 *   change) and the node that accepted a message assigns every matching group to one node: round
 *   robin over the nodes with an `online` member, else (QoS ≥ 1 only) over the nodes with a
 *   `persistent` one. The assignment travels with the message; each node serves only the groups
 *   assigned to it and picks one of its members round robin. A node that lost its last member
 *   between the report and the message queues it for a persistent member or drops it (the
 *   views converge within one bus round trip). A single node serves `all` its groups itself.
 */
export interface FanOut {
  /** Identifies this node in the cluster (the origin of the messages it publishes). */
  readonly nodeId: string;
  /** Connects the broker's local delivery; called once, before any publish (throws when called again). */
  attach(node: FanOutNode): void;
  /** Routes an accepted message to every node, this node synchronously. */
  publish(message: Message): void;
  /**
   * This node's offer for a share group changed (cluster implementations share it with the other
   * nodes). Left out by implementations without other nodes: the broker then skips the tracking.
   */
  shareChanged?(key: string, availability: ShareAvailability): void;
  /** Stops delivering to this node and leaves the cluster (broker shutdown). */
  close(): MaybePromise<void>;
}

/** One process, one node: `publish` is a direct call into the local delivery. */
export class InProcessFanOut implements FanOut {
  private node: FanOutNode | undefined;

  constructor(readonly nodeId: string = randomUUID()) {}

  attach(node: FanOutNode): void {
    if (this.node !== undefined) throw new Error(`FanOut of node ${this.nodeId} is already attached to a broker`);
    this.node = node;
  }

  publish(message: Message): void {
    this.node?.deliver(message, 'all');
  }

  close(): void {
    this.node = undefined;
  }
}
