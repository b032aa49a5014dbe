import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe(RingBuffer.name, () => {
  it('keeps items in order until full', () => {
    const sut = new RingBuffer<number>(3);
    sut.push(1);
    sut.push(2);
    expect(sut.size).toBe(2);
    expect(sut.toArray()).toEqual([1, 2]);
    expect(sut.toArrayNewestFirst()).toEqual([2, 1]);
  });

  it('never holds more than its capacity, dropping the oldest first', () => {
    const sut = new RingBuffer<number>(500);
    for (let i = 1; i <= 1234; i += 1) sut.push(i);
    expect(sut.size).toBe(500);
    const newestFirst = sut.toArrayNewestFirst();
    expect(newestFirst).toHaveLength(500);
    expect(newestFirst[0]).toBe(1234);
    expect(newestFirst.at(-1)).toBe(735);
    expect(sut.toArray()[0]).toBe(735);
  });

  it('clears', () => {
    const sut = new RingBuffer<string>(2);
    sut.push('a');
    sut.push('b');
    sut.push('c');
    sut.clear();
    expect(sut.size).toBe(0);
    expect(sut.toArray()).toEqual([]);
    sut.push('d');
    expect(sut.toArray()).toEqual(['d']);
  });

  it('rejects a capacity below 1', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
