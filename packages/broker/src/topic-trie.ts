/**
 * Subscriptions indexed by filter level, so a publish visits only the branches its topic can
 * match (literal level, `+`, `#`) instead of scanning every subscription.
 * Values are keyed per filter by `K` (the subscribing session): one value per (filter, key).
 */
class TrieNode<K, V> {
  children: Map<string, TrieNode<K, V>> | undefined;
  values: Map<K, V> | undefined;
}

export class TopicTrie<K, V> {
  private readonly root = new TrieNode<K, V>();
  private count = 0;

  /**
   * `hashMatchesParent`: `a/#` also matches `a` as MQTT requires [MQTT-4.7.1-2]; false for the
   * AWS IoT Core semantics where it does not.
   */
  constructor(private readonly hashMatchesParent = true) {}

  /** Number of (filter, key) entries. */
  get size(): number {
    return this.count;
  }

  /** Adds or replaces the value for (filter, key). Returns true when it was new. */
  set(filter: string, key: K, value: V): boolean {
    let node = this.root;
    for (const level of filter.split('/')) {
      node.children ??= new Map();
      let child = node.children.get(level);
      if (child === undefined) {
        child = new TrieNode();
        node.children.set(level, child);
      }
      node = child;
    }
    node.values ??= new Map();
    const existed = node.values.has(key);
    node.values.set(key, value);
    if (!existed) this.count++;
    return !existed;
  }

  get(filter: string, key: K): V | undefined {
    let node: TrieNode<K, V> | undefined = this.root;
    for (const level of filter.split('/')) {
      node = node.children?.get(level);
      if (node === undefined) return undefined;
    }
    return node.values?.get(key);
  }

  /** Removes (filter, key) and prunes empty branches. Returns true when something was removed. */
  delete(filter: string, key: K): boolean {
    const levels = filter.split('/');
    const path: TrieNode<K, V>[] = [this.root];
    let node: TrieNode<K, V> | undefined = this.root;
    for (const level of levels) {
      node = node.children?.get(level);
      if (node === undefined) return false;
      path.push(node);
    }
    if (node.values?.delete(key) !== true) return false;
    this.count--;
    if (node.values.size === 0) node.values = undefined;
    for (let i = levels.length; i > 0; i--) {
      const current = path[i]!;
      if (current.values !== undefined || (current.children !== undefined && current.children.size > 0)) break;
      const parent = path[i - 1]!;
      parent.children?.delete(levels[i - 1]!);
      if (parent.children?.size === 0) parent.children = undefined;
    }
    return true;
  }

  /**
   * Every value whose filter matches `topic` (a valid topic name), including the `$` rule
   * [MQTT-4.7.2-1]. A key subscribed with several matching filters appears once per filter.
   */
  match(topic: string, out: V[] = []): V[] {
    const levels = topic.split('/');
    matchLevel(this.root, levels, 0, topic.charCodeAt(0) === 0x24 /* $ */, this.hashMatchesParent, out);
    return out;
  }
}

function pushAll<K, V>(values: Map<K, V> | undefined, out: V[]): void {
  if (values === undefined) return;
  for (const value of values.values()) out.push(value);
}

function matchLevel<K, V>(
  node: TrieNode<K, V>,
  levels: string[],
  i: number,
  dollar: boolean,
  hashMatchesParent: boolean,
  out: V[],
): void {
  const children = node.children;
  if (i === levels.length) {
    pushAll(node.values, out);
    // `a/#` also matches `a` [MQTT-4.7.1-2].
    if (hashMatchesParent && children !== undefined) pushAll(children.get('#')?.values, out);
    return;
  }
  if (children === undefined) return;
  // Wildcards at the first level never match `$` topics [MQTT-4.7.2-1].
  if (i !== 0 || !dollar) {
    pushAll(children.get('#')?.values, out);
    const plus = children.get('+');
    if (plus !== undefined) matchLevel(plus, levels, i + 1, dollar, hashMatchesParent, out);
  }
  const literal = children.get(levels[i]!);
  if (literal !== undefined) matchLevel(literal, levels, i + 1, dollar, hashMatchesParent, out);
}
