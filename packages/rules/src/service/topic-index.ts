interface Node<T> {
  children: Map<string, Node<T>> | undefined;
  /** Values whose filter ends at this node. */
  exact: Set<T> | undefined;
  /** Values whose filter ends with `#` below this node. */
  multi: Set<T> | undefined;
}

const newNode = <T>(): Node<T> => ({ children: undefined, exact: undefined, multi: undefined });

/**
 * Topic filters → values, matched per topic by walking only the levels of that topic, so the cost of a
 * match grows with the filters that match (and the topic's depth), not with the number of filters.
 * Same semantics as `compileTopicFilter`: `a/#` does not match `a`, and a filter starting with a
 * wildcard does not match topics starting with `$`.
 */
export class TopicIndex<T> {
  private readonly root: Node<T> = newNode();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(filter: string, value: T): void {
    const levels = filter.split('/');
    let node = this.root;
    const last = levels.length - 1;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i] as string;
      if (level === '#' && i === last) {
        node.multi ??= new Set();
        if (!node.multi.has(value)) this.count++;
        node.multi.add(value);
        return;
      }
      node.children ??= new Map();
      let child = node.children.get(level);
      if (child === undefined) {
        child = newNode();
        node.children.set(level, child);
      }
      node = child;
    }
    node.exact ??= new Set();
    if (!node.exact.has(value)) this.count++;
    node.exact.add(value);
  }

  remove(filter: string, value: T): void {
    const levels = filter.split('/');
    const path: Array<[Node<T>, string]> = [];
    let node = this.root;
    const last = levels.length - 1;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i] as string;
      if (level === '#' && i === last) {
        if (node.multi?.delete(value)) this.count--;
        if (node.multi?.size === 0) node.multi = undefined;
        this.prune(path, node);
        return;
      }
      const child = node.children?.get(level);
      if (child === undefined) return;
      path.push([node, level]);
      node = child;
    }
    if (node.exact?.delete(value)) this.count--;
    if (node.exact?.size === 0) node.exact = undefined;
    this.prune(path, node);
  }

  /** Values whose filter matches `topic`, each once, in no particular order. */
  match(topic: string): T[] {
    // Every publish passes here, rules or not.
    if (this.count === 0) return [];
    const out = new Set<T>();
    const levels = topic.split('/');
    const dollar = topic.charCodeAt(0) === 36; /* $ */
    this.walk(this.root, levels, 0, dollar, out);
    return [...out];
  }

  private walk(node: Node<T>, levels: string[], depth: number, dollar: boolean, out: Set<T>): void {
    if (depth === levels.length) {
      if (node.exact) for (const value of node.exact) out.add(value);
      return;
    }
    // `#` needs at least one more level below its parent (`a/#` does not match `a`).
    const wildcardsAllowed = !(dollar && depth === 0);
    if (node.multi && wildcardsAllowed) for (const value of node.multi) out.add(value);
    const children = node.children;
    if (children === undefined) return;
    const exact = children.get(levels[depth] as string);
    if (exact) this.walk(exact, levels, depth + 1, dollar, out);
    const plus = wildcardsAllowed ? children.get('+') : undefined;
    if (plus) this.walk(plus, levels, depth + 1, dollar, out);
  }

  private prune(path: Array<[Node<T>, string]>, leaf: Node<T>): void {
    let node = leaf;
    for (let i = path.length - 1; i >= 0; i--) {
      if (node.exact || node.multi || (node.children && node.children.size > 0)) return;
      const [parent, level] = path[i] as [Node<T>, string];
      parent.children?.delete(level);
      node = parent;
    }
  }
}
