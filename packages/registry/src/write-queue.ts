/**
 * Runs registry writes one after another. A write reads, checks the rules, then stores; with an
 * asynchronous store two interleaved writes could both pass a check (a group's child count, a thing's
 * group count, an exclusive principal) that only one of them may pass.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
