import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isServiceOwnedTopic, isShadowResponseTopic } from './reserved-topics.js';

describe(isShadowResponseTopic.name, () => {
  test('§1.2 the response topics of classic and named shadows are the service’s', () => {
    for (const topic of [
      '$aws/things/lamp/shadow/get/accepted',
      '$aws/things/lamp/shadow/get/rejected',
      '$aws/things/lamp/shadow/update/accepted',
      '$aws/things/lamp/shadow/update/rejected',
      '$aws/things/lamp/shadow/update/delta',
      '$aws/things/lamp/shadow/update/documents',
      '$aws/things/lamp/shadow/delete/accepted',
      '$aws/things/lamp/shadow/delete/rejected',
      '$aws/things/lamp/shadow/name/config/update/accepted',
      '$aws/things/lamp/shadow/name/config/update/delta',
      '$aws/things/lamp/shadow/name/config/delete/rejected',
    ]) {
      assert.equal(isShadowResponseTopic(topic), true, topic);
      assert.equal(isServiceOwnedTopic(topic), true, topic);
    }
  });

  test('request topics and other topics are not', () => {
    for (const topic of [
      '$aws/things/lamp/shadow/update',
      '$aws/things/lamp/shadow/get',
      '$aws/things/lamp/shadow/name/config/delete',
      '$aws/things/lamp/shadow/update/accepted/extra',
      '$aws/things/lamp/shadow/name/update/accepted',
      '$aws/things//shadow/update/accepted',
      '$aws/things/lamp/shadow/name//update/accepted',
      '$aws/things/lamp/jobs/get/accepted',
      'things/lamp/shadow/update/accepted',
      'sensors/1',
    ]) {
      assert.equal(isShadowResponseTopic(topic), false, topic);
    }
  });

  test('$aws/events/... is service-owned too; Basic Ingest and plain topics are not', () => {
    assert.equal(isServiceOwnedTopic('$aws/events/presence/connected/x'), true);
    assert.equal(isServiceOwnedTopic('$aws/rules/r/x'), false);
    assert.equal(isServiceOwnedTopic('$aws/things/lamp/shadow/update'), false);
    assert.equal(isServiceOwnedTopic('a/$aws/events/x'), false);
  });
});
