import type { LiveMessage } from '@meridian/contracts';
import { describe, expect, it, vi } from 'vitest';
import { LiveFeed } from './live-feed';

const message = (topic: string): LiveMessage => ({
  type: 'message',
  topic,
  qos: 0,
  retain: false,
  payload: 'x',
  payloadEncoding: 'utf8',
  receivedAt: '2026-01-01T00:00:00.000Z',
});

const syncSchedule = (callback: () => void) => callback();

describe(LiveFeed.name, () => {
  it('lists messages newest first, bounded to its capacity', () => {
    const sut = new LiveFeed({ capacity: 3, schedule: syncSchedule });
    for (const topic of ['a', 'b', 'c', 'd']) sut.push(message(topic));
    const { messages } = sut.getSnapshot();
    expect(messages.map((entry) => entry.message.topic)).toEqual(['d', 'c', 'b']);
    expect(new Set(messages.map((entry) => entry.id)).size).toBe(3);
  });

  it('keeps 500 messages by default', () => {
    const sut = new LiveFeed({ schedule: syncSchedule });
    for (let i = 0; i < 600; i += 1) sut.push(message(`t/${i}`));
    expect(sut.getSnapshot().messages).toHaveLength(500);
    expect(sut.getSnapshot().messages[0]?.message.topic).toBe('t/599');
  });

  it('counts but does not show messages while paused', () => {
    const sut = new LiveFeed({ schedule: syncSchedule });
    sut.push(message('before'));
    sut.pause();
    sut.push(message('during-1'));
    sut.push(message('during-2'));
    expect(sut.getSnapshot()).toMatchObject({ paused: true, pausedCount: 2 });
    expect(sut.getSnapshot().messages.map((entry) => entry.message.topic)).toEqual(['before']);
    sut.resume();
    sut.push(message('after'));
    expect(sut.getSnapshot()).toMatchObject({ paused: false, pausedCount: 0 });
    expect(sut.getSnapshot().messages.map((entry) => entry.message.topic)).toEqual(['after', 'before']);
  });

  it('clears', () => {
    const sut = new LiveFeed({ schedule: syncSchedule });
    sut.push(message('a'));
    sut.clear();
    expect(sut.getSnapshot().messages).toEqual([]);
  });

  it('coalesces notifications for a burst of messages into one scheduled callback', () => {
    const pending: (() => void)[] = [];
    const sut = new LiveFeed({ schedule: (callback) => pending.push(callback) });
    const listener = vi.fn();
    sut.subscribe(listener);
    const first = sut.getSnapshot();
    for (let i = 0; i < 10; i += 1) sut.push(message(`t/${i}`));
    expect(pending).toHaveLength(1);
    expect(listener).not.toHaveBeenCalled();
    pending[0]?.();
    expect(listener).toHaveBeenCalledTimes(1);
    const second = sut.getSnapshot();
    expect(second).not.toBe(first);
    expect(sut.getSnapshot()).toBe(second);
    expect(second.messages).toHaveLength(10);
  });
});
