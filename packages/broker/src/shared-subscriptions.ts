import type { ShareAvailability, ShareScope } from './fan-out.js';
import type { Session, Subscription } from './session.js';
import { TopicTrie } from './topic-trie.js';

/** `$share/{group}/{filter}` split, or a reason it is not a valid shared subscription. */
export type ParsedShare = { group: string; filter: string } | { error: string };

const SHARE_PREFIX = '$share/';
/** AWS: ShareName ≤ 128 characters (reference/aws-iot-semantics.md §6.2). */
const MAX_GROUP_LENGTH = 128;

export function isSharedFilter(filter: string): boolean {
  return filter.startsWith(SHARE_PREFIX);
}

/**
 * Parses a shared subscription filter: a ShareName of at least one character [MQTT-4.8.2-1]
 * without `/`, `+` or `#`, followed by `/` and a topic filter [MQTT-4.8.2-2].
 */
export function parseSharedFilter(filter: string): ParsedShare {
  const slash = filter.indexOf('/', SHARE_PREFIX.length);
  if (slash === -1) return { error: 'shared subscription without a topic filter' };
  const group = filter.slice(SHARE_PREFIX.length, slash);
  if (group.length === 0) return { error: 'empty share name' };
  if (group.length > MAX_GROUP_LENGTH) return { error: 'share name too long' };
  if (group.includes('+') || group.includes('#')) return { error: 'wildcard in share name' };
  const inner = filter.slice(slash + 1);
  if (inner.length === 0) return { error: 'shared subscription without a topic filter' };
  return { group, filter: inner };
}

class ShareGroup {
  readonly members: Subscription[] = [];
  next = 0;

  /** `key`: the whole `$share/{group}/{filter}`, which names the group across nodes. */
  constructor(readonly key: string) {}

  /**
   * The member to deliver to, round robin: a connected one; when none is connected and the message
   * is QoS ≥ 1, a member with a persistent session and a QoS ≥ 1 subscription, whose session queues
   * it until it reconnects (AWS §6.2). Undefined when neither exists.
   */
  pick(qos: 0 | 1 | 2): Subscription | undefined {
    const member = this.find(isOnline);
    if (member !== undefined || qos === 0) return member;
    return this.find(canQueue);
  }

  availability(): ShareAvailability {
    if (this.members.some(isOnline)) return 'online';
    return this.members.some(canQueue) ? 'persistent' : 'none';
  }

  private find(eligible: (member: Subscription) => boolean): Subscription | undefined {
    const members = this.members;
    const n = members.length;
    for (let k = 0; k < n; k++) {
      const index = (this.next + k) % n;
      const member = members[index]!;
      if (eligible(member)) {
        this.next = (index + 1) % n;
        return member;
      }
    }
    return undefined;
  }
}

function isOnline(member: Subscription): boolean {
  return member.session.connection !== undefined;
}

/** An offline member whose persistent session would queue a QoS ≥ 1 message. */
function canQueue(member: Subscription): boolean {
  return member.qos > 0 && member.session.expiryIntervalSeconds > 0;
}

/** Called when what this node offers a share group changed (see FanOut.shareChanged). */
export type ShareAvailabilityListener = (key: string, availability: ShareAvailability) => void;

/**
 * Shared subscriptions (MQTT 5 §4.8.2, also for 3.1.1 clients as AWS does): groups indexed by
 * their inner filter; each matching group delivers a message to one member (see ShareGroup.pick).
 */
export class SharedSubscriptions {
  private readonly groups: TopicTrie<string, ShareGroup>;
  private memberCount = 0;
  /** Last availability reported per group key (only with a listener). */
  private readonly reported = new Map<string, ShareAvailability>();

  /** `hashMatchesParent` false: AWS semantics, `a/#` does not match `a`. */
  constructor(
    hashMatchesParent = true,
    private readonly onAvailability?: ShareAvailabilityListener,
  ) {
    this.groups = new TopicTrie<string, ShareGroup>(hashMatchesParent);
  }

  get size(): number {
    return this.memberCount;
  }

  /** Adds or replaces a member. Returns true when it is new. */
  add(group: string, filter: string, subscription: Subscription): boolean {
    let shareGroup = this.groups.get(filter, group);
    if (shareGroup === undefined) {
      shareGroup = new ShareGroup(`$share/${group}/${filter}`);
      this.groups.set(filter, group, shareGroup);
    }
    const members = shareGroup.members;
    const index = members.findIndex((m) => m.session === subscription.session);
    if (index !== -1) {
      members[index] = subscription;
      return false;
    }
    members.push(subscription);
    this.memberCount++;
    return true;
  }

  remove(group: string, filter: string, session: Session): boolean {
    const shareGroup = this.groups.get(filter, group);
    if (shareGroup === undefined) return false;
    const members = shareGroup.members;
    const index = members.findIndex((m) => m.session === session);
    if (index === -1) return false;
    members.splice(index, 1);
    this.memberCount--;
    if (shareGroup.next > index) shareGroup.next--;
    if (shareGroup.next >= members.length) shareGroup.next = 0;
    if (members.length === 0) this.groups.delete(filter, group);
    return true;
  }

  /**
   * Appends one member subscription per group whose filter matches `topic` and that `scope`
   * lets this node serve.
   */
  match(topic: string, qos: 0 | 1 | 2, scope: ShareScope, out: Subscription[]): void {
    if (this.memberCount === 0) return;
    for (const group of this.groups.match(topic)) {
      if (scope !== 'all' && !scope.has(group.key)) continue;
      const member = group.pick(qos);
      if (member !== undefined) out.push(member);
    }
  }

  /**
   * Reports the group's availability to the listener if it changed (after a member joined, left,
   * connected, disconnected or its session ended). Nothing to do without a listener.
   */
  refresh(group: string, filter: string): void {
    const listener = this.onAvailability;
    if (listener === undefined) return;
    const key = `$share/${group}/${filter}`;
    const availability = this.groups.get(filter, group)?.availability() ?? 'none';
    if ((this.reported.get(key) ?? 'none') === availability) return;
    if (availability === 'none') this.reported.delete(key);
    else this.reported.set(key, availability);
    listener(key, availability);
  }
}
