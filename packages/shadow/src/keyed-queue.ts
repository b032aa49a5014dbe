interface Lane {
  tail: Promise<unknown>;
  /** Tasks queued or running. */
  size: number;
}

/** Runs tasks with the same key one after another (in call order); different keys run concurrently. */
export class KeyedQueue {
  private readonly lanes = new Map<string, Lane>();

  /** Tasks queued or running for `key`. */
  size(key: string): number {
    return this.lanes.get(key)?.size ?? 0;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let current = this.lanes.get(key);
    if (current === undefined) {
      current = { tail: Promise.resolve(), size: 0 };
      this.lanes.set(key, current);
    }
    current.size += 1;
    const result = current.tail.then(task);
    current.tail = result.then(
      () => this.finish(key, current),
      () => this.finish(key, current),
    );
    return result;
  }

  private finish(key: string, lane: Lane): void {
    lane.size -= 1;
    if (lane.size === 0 && this.lanes.get(key) === lane) this.lanes.delete(key);
  }
}
