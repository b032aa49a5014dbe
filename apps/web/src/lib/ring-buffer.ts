/**
 * Fixed-capacity buffer keeping the last `capacity` items pushed: O(1) push, the oldest item is
 * overwritten once full. Used for live message streams so memory stays bounded.
 */
export class RingBuffer<T> {
  readonly #items: (T | undefined)[];
  #start = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.#items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  push(item: T): void {
    const end = (this.#start + this.#size) % this.capacity;
    this.#items[end] = item;
    if (this.#size < this.capacity) this.#size += 1;
    else this.#start = (this.#start + 1) % this.capacity;
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#start = 0;
    this.#size = 0;
  }

  /** Items oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#size; i += 1) out.push(this.#items[(this.#start + i) % this.capacity] as T);
    return out;
  }

  /** Items newest first. */
  toArrayNewestFirst(): T[] {
    const out: T[] = [];
    for (let i = this.#size - 1; i >= 0; i -= 1) out.push(this.#items[(this.#start + i) % this.capacity] as T);
    return out;
  }
}
