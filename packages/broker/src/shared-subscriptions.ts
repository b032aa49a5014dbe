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

  /** The next member whose session is connected, round robin; undefined when none is. */
  pick(): Subscription | undefined {
    const members = this.members;
    const n = members.length;
    for (let k = 0; k < n; k++) {
      const index = (this.next + k) % n;
      const member = members[index]!;
      if (member.session.connection !== undefined) {
        this.next = (index + 1) % n;
        return member;
      }
    }
    return undefined;
  }
}

/**
 * Shared subscriptions (MQTT 5 §4.8.2, also for 3.1.1 clients as AWS does): groups indexed by
 * their inner filter; each matching group delivers a message to one live member.
 */
export class SharedSubscriptions {
  private readonly groups: TopicTrie<string, ShareGroup>;
  private memberCount = 0;

  /** `hashMatchesParent` false: AWS semantics, `a/#` does not match `a`. */
  constructor(hashMatchesParent = true) {
    this.groups = new TopicTrie<string, ShareGroup>(hashMatchesParent);
  }

  get size(): number {
    return this.memberCount;
  }

  /** Adds or replaces a member. Returns true when it is new. */
  add(group: string, filter: string, subscription: Subscription): boolean {
    let shareGroup = this.groups.get(filter, group);
    if (shareGroup === undefined) {
      shareGroup = new ShareGroup();
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

  /** Appends one member subscription per group whose filter matches `topic`. */
  match(topic: string, out: Subscription[]): void {
    if (this.memberCount === 0) return;
    for (const group of this.groups.match(topic)) {
      const member = group.pick();
      if (member !== undefined) out.push(member);
    }
  }
}
