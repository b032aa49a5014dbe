import type { LiveMessage, RuleActivity } from '@meridian/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeTransport } from '../testing/fake-live-transport';
import { CLOSE_NOT_AUTHENTICATED, LiveSocket, liveSocketUrl, parseServerFrame } from './live-socket';

const message: LiveMessage = {
  type: 'message',
  topic: 'devices/d1/telemetry',
  qos: 1,
  retain: false,
  payload: '{"t":21}',
  payloadEncoding: 'utf8',
  receivedAt: '2026-01-01T10:00:00.000Z',
  clientId: 'd1',
};

function setup() {
  const transport = createFakeTransport();
  const sut = new LiveSocket({
    url: 'ws://test/api/live',
    transport: transport.factory,
    initialDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 0.5, // no jitter
  });
  return { sut, transport };
}

describe(LiveSocket.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('connects on start and reports the status', () => {
    const { sut, transport } = setup();
    expect(sut.getState().status).toBe('idle');
    sut.start();
    expect(sut.getState().status).toBe('connecting');
    expect(transport.latest().url).toBe('ws://test/api/live');
    transport.latest().open();
    expect(sut.getState().status).toBe('open');
  });

  it('sends subscriptions made before the connection opens once it does', () => {
    const { sut, transport } = setup();
    sut.start();
    sut.subscribe(['devices/+/telemetry', '#']);
    expect(transport.latest().sent).toEqual([]);
    transport.latest().open();
    expect(transport.latest().sent).toEqual([{ type: 'subscribe', filters: ['devices/+/telemetry', '#'] }]);
  });

  it('subscribes and unsubscribes at once while open, and marks filters confirmed', () => {
    const { sut, transport } = setup();
    sut.start();
    const connection = transport.latest();
    connection.open();
    sut.subscribe(['a/b']);
    sut.subscribe(['a/b']); // already known: ignored
    expect(connection.sent).toEqual([{ type: 'subscribe', filters: ['a/b'] }]);
    expect(sut.getState().subscriptions).toEqual([{ filter: 'a/b', confirmed: false }]);
    connection.receive({ type: 'subscribed', filters: ['a/b'] });
    expect(sut.getState().subscriptions).toEqual([{ filter: 'a/b', confirmed: true }]);
    sut.unsubscribe(['a/b']);
    expect(connection.sent.at(-1)).toEqual({ type: 'unsubscribe', filters: ['a/b'] });
    expect(sut.getState().subscriptions).toEqual([]);
  });

  it('splits large subscription sets into frames of at most 16 filters', () => {
    const { sut, transport } = setup();
    sut.start();
    sut.subscribe(Array.from({ length: 20 }, (_, i) => `t/${i}`));
    transport.latest().open();
    expect(transport.latest().sent.map((frame) => (frame.type === 'subscribe' ? frame.filters.length : 0))).toEqual([
      16, 4,
    ]);
  });

  it('reconnects with exponential backoff and re-sends the current subscriptions', () => {
    const { sut, transport } = setup();
    sut.start();
    transport.latest().open();
    sut.subscribe(['devices/#']);
    transport.latest().receive({ type: 'subscribed', filters: ['devices/#'] });

    transport.latest().serverClose(1006);
    expect(sut.getState().status).toBe('reconnecting');
    expect(sut.getState().subscriptions).toEqual([{ filter: 'devices/#', confirmed: false }]);
    expect(transport.connections).toHaveLength(1);

    vi.advanceTimersByTime(99);
    expect(transport.connections).toHaveLength(1);
    vi.advanceTimersByTime(1); // first retry after 100 ms
    expect(transport.connections).toHaveLength(2);

    transport.latest().serverClose(1006); // second failure: 200 ms
    vi.advanceTimersByTime(199);
    expect(transport.connections).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(transport.connections).toHaveLength(3);

    transport.latest().open();
    expect(sut.getState().status).toBe('open');
    expect(transport.latest().sent).toEqual([{ type: 'subscribe', filters: ['devices/#'] }]);

    // A successful connection resets the backoff.
    transport.latest().serverClose(1006);
    vi.advanceTimersByTime(100);
    expect(transport.connections).toHaveLength(4);
  });

  it('caps the backoff delay', () => {
    const { sut, transport } = setup();
    sut.start();
    for (let i = 0; i < 6; i += 1) {
      transport.latest().serverClose(1006);
      vi.advanceTimersByTime(1000);
    }
    expect(transport.connections).toHaveLength(7);
  });

  it('stops retrying when the server closes with 4401 (not logged in)', () => {
    const { sut, transport } = setup();
    sut.start();
    transport.latest().serverClose(CLOSE_NOT_AUTHENTICATED);
    expect(sut.getState().status).toBe('unauthorized');
    vi.advanceTimersByTime(60_000);
    expect(transport.connections).toHaveLength(1);
  });

  it('closes the connection on stop and ignores its late events', () => {
    const { sut, transport } = setup();
    const frames: unknown[] = [];
    sut.onFrame((frame) => frames.push(frame));
    sut.start();
    const connection = transport.latest();
    connection.open();
    sut.stop();
    expect(connection.closedWith?.code).toBe(1000);
    expect(sut.getState().status).toBe('idle');
    connection.receive(message);
    connection.serverClose(1000);
    vi.advanceTimersByTime(60_000);
    expect(frames).toEqual([]);
    expect(transport.connections).toHaveLength(1);
  });

  it('passes message frames to listeners and records error frames', () => {
    const { sut, transport } = setup();
    const frames: unknown[] = [];
    sut.onFrame((frame) => frames.push(frame));
    sut.start();
    transport.latest().open();
    transport.latest().receive(message);
    transport.latest().receive('not json');
    transport.latest().receive({ type: 'error', code: 'LIVE_ERR_FILTER', message: 'Bad filter' });
    expect(frames).toEqual([message, { type: 'error', code: 'LIVE_ERR_FILTER', message: 'Bad filter' }]);
    expect(sut.getState().lastError).toEqual({ code: 'LIVE_ERR_FILTER', message: 'Bad filter' });
  });

  it('notifies state listeners and keeps the snapshot stable between changes', () => {
    const { sut, transport } = setup();
    const listener = vi.fn();
    sut.onStateChange(listener);
    const before = sut.getState();
    expect(sut.getState()).toBe(before);
    sut.start();
    transport.latest().open();
    expect(listener).toHaveBeenCalledTimes(2);
    expect(sut.getState()).not.toBe(before);
  });
});

describe(parseServerFrame.name, () => {
  it('accepts well-formed frames', () => {
    expect(parseServerFrame(JSON.stringify(message))).toEqual(message);
    expect(parseServerFrame('{"type":"subscribed","filters":["a"]}')).toEqual({ type: 'subscribed', filters: ['a'] });
  });

  it('drops unknown fields of a message', () => {
    expect(parseServerFrame(JSON.stringify({ ...message, extra: 1 }))).toEqual(message);
  });

  it('rejects malformed frames', () => {
    expect(parseServerFrame('nope')).toBeNull();
    expect(parseServerFrame('[]')).toBeNull();
    expect(parseServerFrame('{"type":"unknown"}')).toBeNull();
    expect(parseServerFrame(JSON.stringify({ ...message, qos: 3 }))).toBeNull();
    expect(parseServerFrame(JSON.stringify({ ...message, payloadEncoding: 'hex' }))).toBeNull();
    expect(parseServerFrame('{"type":"subscribed","filters":[1]}')).toBeNull();
  });
});

describe(liveSocketUrl.name, () => {
  it('uses ws: or wss: following the page protocol', () => {
    expect(liveSocketUrl({ protocol: 'http:', host: 'localhost:5173' })).toBe('ws://localhost:5173/api/live');
    expect(liveSocketUrl({ protocol: 'https:', host: 'iot.example.com' })).toBe('wss://iot.example.com/api/live');
  });
});

describe('rule activity on the live socket', () => {
  const output: RuleActivity = {
    kind: 'output',
    seq: 4,
    ruleName: 'hot',
    topic: 'sensors/s1/telemetry',
    at: '2026-01-01T10:00:00.000Z',
    output: '{"t":35}',
    outputEncoding: 'json',
  };
  const failure: RuleActivity = {
    kind: 'error',
    seq: 5,
    ruleName: 'hot',
    topic: 'sensors/s1/telemetry',
    at: '2026-01-01T10:00:01.000Z',
    failedAction: 'HttpAction',
    failedResource: 'http://127.0.0.1:9/',
    errorMessage: 'connect ECONNREFUSED',
  };

  it('watches rules once per name, on open and again after a reconnect, and unwatches with the last watcher', () => {
    vi.useFakeTimers();
    try {
      const { sut, transport } = setup();
      sut.start();
      const stopFirst = sut.watchRules(['hot']);
      transport.latest().open();
      expect(transport.latest().sent).toEqual([{ type: 'watch-rules', ruleNames: ['hot'] }]);

      const stopSecond = sut.watchRules(['hot', 'cold']);
      expect(transport.latest().sent.at(-1)).toEqual({ type: 'watch-rules', ruleNames: ['cold'] });

      transport.latest().serverClose();
      vi.advanceTimersByTime(200);
      transport.latest().open();
      expect(transport.latest().sent).toEqual([{ type: 'watch-rules', ruleNames: ['hot', 'cold'] }]);

      stopFirst();
      stopFirst();
      expect(transport.latest().sent).toHaveLength(1);
      stopSecond();
      expect(transport.latest().sent.at(-1)).toEqual({ type: 'unwatch-rules', ruleNames: ['hot', 'cold'] });
    } finally {
      vi.useRealTimers();
    }
  });

  it('parses rule-activity and watching-rules frames, and rejects malformed activity', () => {
    expect(parseServerFrame(JSON.stringify({ type: 'rule-activity', activity: output }))).toEqual({
      type: 'rule-activity',
      activity: output,
    });
    expect(parseServerFrame(JSON.stringify({ type: 'rule-activity', activity: failure }))).toEqual({
      type: 'rule-activity',
      activity: failure,
    });
    expect(parseServerFrame(JSON.stringify({ type: 'watching-rules', ruleNames: ['hot'] }))).toEqual({
      type: 'watching-rules',
      ruleNames: ['hot'],
    });
    expect(
      parseServerFrame(JSON.stringify({ type: 'rule-activity', activity: { ...output, outputEncoding: 'hex' } })),
    ).toBeNull();
    expect(parseServerFrame(JSON.stringify({ type: 'rule-activity', activity: { ...failure, seq: '5' } }))).toBeNull();
  });
});
