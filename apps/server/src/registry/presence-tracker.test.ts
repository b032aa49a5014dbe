import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PublishedMessage } from '@meridian/broker';
import { PresenceTracker } from './presence-tracker.js';

function event(kind: 'connected' | 'disconnected', body: Record<string, unknown>, clientId?: string): PublishedMessage {
  return {
    topic: `$aws/events/presence/${kind}/${String(body.clientId)}`,
    payload: Buffer.from(JSON.stringify({ eventType: kind, ...body })),
    qos: 1,
    retain: false,
    receivedAt: new Date(),
    ...(clientId === undefined ? {} : { clientId }),
  };
}

const T1 = Date.UTC(2026, 0, 2, 3, 4, 5);
const T2 = T1 + 60_000;

describe(PresenceTracker.name, () => {
  test('knows nothing of a client id it never saw', () => {
    const sut = new PresenceTracker();
    assert.equal(sut.lastSeen('lamp-1'), undefined);
  });

  test('records the connection, then keeps it when the disconnection with its reason arrives', () => {
    const sut = new PresenceTracker();
    sut.record(event('connected', { clientId: 'lamp-1', timestamp: T1 }));
    assert.deepEqual(sut.lastSeen('lamp-1'), { lastConnectedAt: new Date(T1) });

    sut.record(event('disconnected', { clientId: 'lamp-1', timestamp: T2, disconnectReason: 'CONNECTION_LOST' }));
    assert.deepEqual(sut.lastSeen('lamp-1'), {
      lastConnectedAt: new Date(T1),
      lastDisconnectedAt: new Date(T2),
      lastDisconnectReason: 'CONNECTION_LOST',
    });
  });

  test('takes the client id from the event body, so ids with slashes work', () => {
    const sut = new PresenceTracker();
    sut.record(event('connected', { clientId: 'site/a/lamp', timestamp: T1 }));
    assert.deepEqual(sut.lastSeen('site/a/lamp'), { lastConnectedAt: new Date(T1) });
  });

  test('ignores other topics, messages published by clients and malformed events', () => {
    const sut = new PresenceTracker();
    sut.record({ ...event('connected', { clientId: 'lamp-1', timestamp: T1 }), topic: 'devices/lamp-1' });
    sut.record(event('connected', { clientId: 'lamp-1', timestamp: T1 }, 'impostor'));
    sut.record({ ...event('connected', { clientId: 'lamp-1' }), payload: Buffer.from('not json') });
    sut.record(event('connected', { clientId: 'lamp-1', timestamp: 'yesterday' }));
    sut.record(event('connected', { clientId: 42, timestamp: T1 }));
    assert.equal(sut.lastSeen('lamp-1'), undefined);
  });

  test('forgets the least recently active client id beyond its capacity', () => {
    const sut = new PresenceTracker(2);
    sut.record(event('connected', { clientId: 'a', timestamp: T1 }));
    sut.record(event('connected', { clientId: 'b', timestamp: T1 }));
    sut.record(
      event('disconnected', { clientId: 'a', timestamp: T2, disconnectReason: 'CLIENT_INITIATED_DISCONNECT' }),
    );
    sut.record(event('connected', { clientId: 'c', timestamp: T2 }));
    assert.equal(sut.lastSeen('b'), undefined);
    assert.ok(sut.lastSeen('a'));
    assert.ok(sut.lastSeen('c'));
  });
});
