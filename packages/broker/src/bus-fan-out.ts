import { randomUUID } from 'node:crypto';
import type { FanOut, FanOutNode, ShareAvailability, ShareScope } from './fan-out.js';
import { decodeFanOutEnvelope, encodeFanOutEnvelope } from './fan-out-envelope.js';
import { parseSharedFilter } from './shared-subscriptions.js';
import { TopicTrie } from './topic-trie.js';
import type { Message } from './types.js';

/**
 * A publish/subscribe message bus between nodes, as Redis PUBLISH/SUBSCRIBE offers it: every
 * subscriber of a channel gets each message, the sender included, in the order one sender
 * published them; delivery may be asynchronous.
 */
export interface ClusterBus {
  publish(channel: string, bytes: Buffer): void;
  /** Returns a function that ends the subscription. */
  subscribe(channel: string, handler: (bytes: Buffer) => void): () => void;
}

export interface BusFanOutOptions {
  /** This node's id (default: a random UUID). */
  nodeId?: string;
  /** Channel name prefix, to run several clusters on one bus (default `meridian:mqtt`). */
  channelPrefix?: string;
}

/** Share-group control messages on the `…:shares` channel (JSON). */
type Control =
  | { type: 'share'; node: string; key: string; availability: ShareAvailability }
  | { type: 'sync'; node: string }
  | { type: 'leave'; node: string };

const NO_SHARES: ReadonlySet<string> = new Set();
const NO_ASSIGNMENTS: Array<[string, string]> = [];

/** What every node offers one share group, and the round robin over the nodes. */
class ClusterShareGroup {
  readonly nodes = new Map<string, ShareAvailability>();
  private next = 0;

  constructor(readonly key: string) {}

  /** The node to serve the next message: round robin over `online` nodes, else (QoS ≥ 1) `persistent` ones. */
  pick(qos: 0 | 1 | 2): string | undefined {
    const online = this.candidates('online');
    const candidates = online.length > 0 || qos === 0 ? online : this.candidates('persistent');
    if (candidates.length === 0) return undefined;
    const node = candidates[this.next % candidates.length]!;
    this.next = (this.next + 1) % 0x7fffffff;
    return node;
  }

  private candidates(availability: ShareAvailability): string[] {
    const out: string[] = [];
    for (const [node, offered] of this.nodes) if (offered === availability) out.push(node);
    return out;
  }
}

/**
 * FanOut across processes over a ClusterBus (a Redis client implements the bus in a few lines).
 * Messages go out as envelopes on `{prefix}:messages`; share-group availability goes on
 * `{prefix}:shares`, and a joining node asks the others to repeat theirs (`sync`). A node that
 * stops cleanly says `leave`; a node that crashes stays in the share view until its peers
 * restart, so production use adds a heartbeat per node (e.g. Redis keys with a TTL).
 */
export class BusFanOut implements FanOut {
  readonly nodeId: string;
  private readonly messagesChannel: string;
  private readonly sharesChannel: string;
  private node: FanOutNode | undefined;
  private unsubscribes: Array<() => void> = [];
  /** Cluster-wide share view, indexed by inner filter (MQTT matching; AWS semantics only match less). */
  private readonly groups = new TopicTrie<string, ClusterShareGroup>();
  private readonly groupsByKey = new Map<string, ClusterShareGroup>();
  /** What this node offers, repeated to nodes that join later. */
  private readonly own = new Map<string, ShareAvailability>();

  constructor(
    private readonly bus: ClusterBus,
    options: BusFanOutOptions = {},
  ) {
    this.nodeId = options.nodeId ?? randomUUID();
    const prefix = options.channelPrefix ?? 'meridian:mqtt';
    this.messagesChannel = `${prefix}:messages`;
    this.sharesChannel = `${prefix}:shares`;
  }

  attach(node: FanOutNode): void {
    if (this.node !== undefined) throw new Error(`FanOut of node ${this.nodeId} is already attached to a broker`);
    this.node = node;
    this.unsubscribes = [
      this.bus.subscribe(this.messagesChannel, (bytes) => this.received(bytes)),
      this.bus.subscribe(this.sharesChannel, (bytes) => this.control(bytes)),
    ];
    this.send({ type: 'sync', node: this.nodeId });
  }

  publish(message: Message): void {
    const node = this.node;
    if (node === undefined) return;
    const shares = this.assign(message);
    node.deliver(message, this.scope(shares));
    this.bus.publish(this.messagesChannel, encodeFanOutEnvelope({ originNode: this.nodeId, message, shares }));
  }

  shareChanged(key: string, availability: ShareAvailability): void {
    if (availability === 'none') this.own.delete(key);
    else this.own.set(key, availability);
    this.offer(key, this.nodeId, availability);
    this.send({ type: 'share', node: this.nodeId, key, availability });
  }

  close(): void {
    if (this.node === undefined) return;
    this.send({ type: 'leave', node: this.nodeId });
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.unsubscribes = [];
    this.node = undefined;
  }

  /** Assigns every matching share group to one node. */
  private assign(message: Message): Array<[string, string]> {
    if (this.groupsByKey.size === 0) return NO_ASSIGNMENTS;
    const matching = this.groups.match(message.topic);
    if (matching.length === 0) return NO_ASSIGNMENTS;
    const shares: Array<[string, string]> = [];
    for (const group of matching) {
      const node = group.pick(message.qos);
      if (node !== undefined) shares.push([group.key, node]);
    }
    return shares;
  }

  private scope(shares: Array<[string, string]>): ShareScope {
    if (shares.length === 0) return NO_SHARES;
    const mine = new Set<string>();
    for (const [key, node] of shares) if (node === this.nodeId) mine.add(key);
    return mine;
  }

  private received(bytes: Buffer): void {
    const node = this.node;
    if (node === undefined) return;
    let envelope: ReturnType<typeof decodeFanOutEnvelope>;
    try {
      envelope = decodeFanOutEnvelope(bytes);
    } catch (error) {
      node.logger.warn({ err: error, bytes: bytes.length }, 'MQTT fan-out message dropped');
      return;
    }
    // Delivered locally when published: the bus echoes it back.
    if (envelope.originNode === this.nodeId) return;
    node.deliver(envelope.message, this.scope(envelope.shares));
  }

  private control(bytes: Buffer): void {
    const node = this.node;
    if (node === undefined) return;
    const message = parseControl(bytes);
    if (message === undefined) {
      node.logger.warn({ bytes: bytes.length }, 'MQTT fan-out control message dropped');
      return;
    }
    if (message.node === this.nodeId) return;
    switch (message.type) {
      case 'share':
        this.offer(message.key, message.node, message.availability);
        break;
      case 'sync':
        for (const [key, availability] of this.own) this.send({ type: 'share', node: this.nodeId, key, availability });
        break;
      case 'leave':
        for (const group of [...this.groupsByKey.values()]) this.offer(group.key, message.node, 'none');
        break;
    }
  }

  private offer(key: string, nodeId: string, availability: ShareAvailability): void {
    let group = this.groupsByKey.get(key);
    if (availability === 'none') {
      if (group === undefined) return;
      group.nodes.delete(nodeId);
      if (group.nodes.size > 0) return;
      this.groupsByKey.delete(key);
      const parsed = parseSharedFilter(key);
      if (!('error' in parsed)) this.groups.delete(parsed.filter, key);
      return;
    }
    if (group === undefined) {
      const parsed = parseSharedFilter(key);
      if ('error' in parsed) return;
      group = new ClusterShareGroup(key);
      this.groupsByKey.set(key, group);
      this.groups.set(parsed.filter, key, group);
    }
    group.nodes.set(nodeId, availability);
  }

  private send(message: Control): void {
    this.bus.publish(this.sharesChannel, Buffer.from(JSON.stringify(message)));
  }
}

const AVAILABILITIES: readonly string[] = ['online', 'persistent', 'none'] satisfies ShareAvailability[];

function parseControl(bytes: Buffer): Control | undefined {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  if (typeof message.node !== 'string') return undefined;
  if (message.type === 'sync' || message.type === 'leave') return message as Control;
  if (
    message.type === 'share' &&
    typeof message.key === 'string' &&
    typeof message.availability === 'string' &&
    AVAILABILITIES.includes(message.availability)
  ) {
    return message as Control;
  }
  return undefined;
}
