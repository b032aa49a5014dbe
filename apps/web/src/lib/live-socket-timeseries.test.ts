import type { LiveServerFrame } from '@meridian/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeTransport } from '../testing/fake-live-transport';
import { LiveSocket, parseServerFrame } from './live-socket';

function setup() {
  const transport = createFakeTransport();
  const sut = new LiveSocket({
    url: 'ws://test/api/live',
    transport: transport.factory,
    initialDelayMs: 100,
    random: () => 0.5,
  });
  return { sut, transport };
}

describe('LiveSocket time-series watches', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a watch when the first caller watches a key and an unwatch when the last one stops', () => {
    const { sut, transport } = setup();
    sut.start();
    const connection = transport.latest();
    connection.open();
    const stopA = sut.watchTimeseries('lamp-1');
    const stopB = sut.watchTimeseries('lamp-1');
    expect(connection.sent).toEqual([{ type: 'watch-timeseries', deviceKeys: ['lamp-1'] }]);
    stopA();
    stopA();
    expect(connection.sent).toHaveLength(1);
    stopB();
    expect(connection.sent.at(-1)).toEqual({ type: 'unwatch-timeseries', deviceKeys: ['lamp-1'] });
  });

  it('sends watches made before opening once open, and again after a reconnect', () => {
    const { sut, transport } = setup();
    sut.start();
    sut.watchTimeseries('lamp-1');
    sut.watchTimeseries('lamp-2');
    expect(transport.latest().sent).toEqual([]);
    transport.latest().open();
    expect(transport.latest().sent).toEqual([{ type: 'watch-timeseries', deviceKeys: ['lamp-1', 'lamp-2'] }]);

    transport.latest().serverClose(1006);
    vi.advanceTimersByTime(100);
    expect(transport.connections).toHaveLength(2);
    transport.latest().open();
    expect(transport.latest().sent).toEqual([{ type: 'watch-timeseries', deviceKeys: ['lamp-1', 'lamp-2'] }]);
  });

  it('passes timeseries-row frames to frame listeners with their numeric values only', () => {
    const { sut, transport } = setup();
    const frames: LiveServerFrame[] = [];
    sut.onFrame((frame) => frames.push(frame));
    sut.start();
    transport.latest().open();
    transport
      .latest()
      .receive(JSON.stringify({ type: 'timeseries-row', deviceKey: 'lamp-1', time: 5, values: { t: 21.5, bad: 'x' } }));
    expect(frames).toEqual([{ type: 'timeseries-row', deviceKey: 'lamp-1', time: 5, values: { t: 21.5 } }]);
  });

  it('ignores malformed time-series frames', () => {
    expect(parseServerFrame('{"type":"timeseries-row","deviceKey":"d","time":"5","values":{}}')).toBeNull();
    expect(parseServerFrame('{"type":"timeseries-row","deviceKey":"d","time":5,"values":[]}')).toBeNull();
    expect(parseServerFrame('{"type":"watching-timeseries","deviceKeys":[1]}')).toBeNull();
    expect(parseServerFrame('{"type":"watching-timeseries","deviceKeys":["d"]}')).toEqual({
      type: 'watching-timeseries',
      deviceKeys: ['d'],
    });
  });
});
