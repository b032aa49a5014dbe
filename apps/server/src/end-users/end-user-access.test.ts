import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { endUserLiveTopics } from './end-user-access.js';

describe(endUserLiveTopics.name, () => {
  const sut = endUserLiveTopics({ isOwnedBy: (thingName, userId) => thingName === 'lamp-a' && userId === 1 }, 1);

  test('lets through presence and shadow documents/accepted of the user’s own device', () => {
    assert.equal(sut('$aws/events/presence/connected/lamp-a'), true);
    assert.equal(sut('$aws/events/presence/disconnected/lamp-a'), true);
    assert.equal(sut('$aws/things/lamp-a/shadow/update/documents'), true);
    assert.equal(sut('$aws/things/lamp-a/shadow/update/accepted'), true);
  });

  test('holds back other devices, other shadow topics, named shadows and plain topics', () => {
    for (const topic of [
      '$aws/events/presence/connected/lamp-b',
      '$aws/things/lamp-b/shadow/update/documents',
      '$aws/things/lamp-a/shadow/update/delta',
      '$aws/things/lamp-a/shadow/get/accepted',
      '$aws/things/lamp-a/shadow/name/x/update/documents',
      '$aws/events/subscriptions/subscribed/lamp-a',
      'lamp-a/telemetry',
    ]) {
      assert.equal(sut(topic), false, topic);
    }
  });
});
