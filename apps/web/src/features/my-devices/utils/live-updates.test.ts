import type { LiveMessage, MyDevice } from '@meridian/contracts';
import { describe, expect, test } from 'vitest';
import { applyLiveMessage, newerDevice } from './live-updates';

const lamp: MyDevice = {
  thingName: 'lamp',
  online: false,
  desired: {},
  reported: { lamp: false },
  version: 2,
  controls: [{ key: 'lamp', kind: 'switch' }],
};
const message = (topic: string, payload: unknown): LiveMessage => ({
  type: 'message',
  topic,
  qos: 1,
  retain: false,
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  payloadEncoding: 'utf8',
  receivedAt: '2026-01-01T00:00:00Z',
});

describe('applyLiveMessage', () => {
  test('presence events switch the online state of that device only', () => {
    const other = { ...lamp, thingName: 'fan' };
    const [online, fan] = applyLiveMessage([lamp, other], message('$aws/events/presence/connected/lamp', {}));
    expect(online?.online).toBe(true);
    expect(fan).toBe(other);
    const devices = [{ ...lamp, online: true }];
    expect(applyLiveMessage(devices, message('$aws/events/presence/disconnected/lamp', {}))[0]?.online).toBe(false);
  });

  test('a newer shadow document replaces desired and reported; an older one is ignored', () => {
    const newer = message('$aws/things/lamp/shadow/update/documents', {
      current: { state: { desired: { lamp: true }, reported: { lamp: true } }, version: 3 },
    });
    expect(applyLiveMessage([lamp], newer)[0]).toEqual({
      ...lamp,
      desired: { lamp: true },
      reported: { lamp: true },
      version: 3,
    });
    const older = message('$aws/things/lamp/shadow/update/documents', { current: { state: {}, version: 1 } });
    const devices = [lamp];
    expect(applyLiveMessage(devices, older)).toBe(devices);
  });

  test('unrelated topics and broken payloads change nothing', () => {
    const devices = [lamp];
    expect(applyLiveMessage(devices, message('lamp/telemetry', {}))).toBe(devices);
    expect(applyLiveMessage(devices, message('$aws/things/lamp/shadow/update/documents', '{oops'))).toBe(devices);
  });
});

describe('newerDevice', () => {
  test('keeps the newer shadow when an older HTTP answer arrives after a live update', () => {
    const live = { ...lamp, reported: { lamp: true }, version: 5 };
    const answer = { ...lamp, online: true, version: 4 };
    expect(newerDevice(live, answer)).toEqual({ ...answer, reported: { lamp: true }, version: 5 });
    expect(newerDevice(lamp, live)).toBe(live);
  });
});
