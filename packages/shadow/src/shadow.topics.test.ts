import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isValidShadowName, isValidThingName } from './shadow.limits.js';
import { parseShadowTopic, type ShadowTopic, shadowTopic } from './shadow.topics.js';
import { limits } from './test-helpers.js';

const ALL: Array<[string, ShadowTopic]> = [];
for (const shadowName of [undefined, 'config']) {
  const prefix =
    shadowName === undefined ? '$aws/things/lamp-1/shadow' : `$aws/things/lamp-1/shadow/name/${shadowName}`;
  const named = shadowName === undefined ? {} : { shadowName };
  for (const operation of ['get', 'update', 'delete'] as const) {
    ALL.push([`${prefix}/${operation}`, { thingName: 'lamp-1', ...named, operation }]);
    const responses =
      operation === 'update'
        ? (['accepted', 'rejected', 'delta', 'documents'] as const)
        : (['accepted', 'rejected'] as const);
    for (const response of responses) {
      ALL.push([`${prefix}/${operation}/${response}`, { thingName: 'lamp-1', ...named, operation, response }]);
    }
  }
}

describe(parseShadowTopic.name, () => {
  test('§1.2 every classic and named shadow topic is read and built back', () => {
    assert.equal(ALL.length, 22);
    for (const [topic, parsed] of ALL) {
      assert.deepEqual(parseShadowTopic(topic), parsed, topic);
      assert.equal(shadowTopic(parsed), topic);
    }
  });

  test('§1.2 topics that are not shadow topics are not read as such', () => {
    for (const topic of [
      'things/lamp/shadow/update',
      '$aws/things/lamp/shadow',
      '$aws/things/lamp/shadow/patch',
      '$aws/things/lamp/shadow/get/delta',
      '$aws/things/lamp/shadow/delete/documents',
      '$aws/things/lamp/shadow/update/accepted/extra',
      '$aws/things/lamp/shadow/name/update',
      '$aws/things/lamp/shadow/name//update',
      '$aws/things//shadow/update',
      '$aws/things/lamp/shadows/update',
      '$aws/things/lamp/shadow/Update',
    ]) {
      assert.equal(parseShadowTopic(topic), undefined, topic);
    }
  });

  test('§1.2 a named shadow may be called like an operation', () => {
    assert.deepEqual(parseShadowTopic('$aws/things/t/shadow/name/update/get'), {
      thingName: 't',
      shadowName: 'update',
      operation: 'get',
    });
  });
});

describe('shadow names', () => {
  test('§1.1 a thing name has 1–128 characters of [a-zA-Z0-9:_-]', () => {
    for (const name of ['a', 'Lamp_1:kitchen-2', 'x'.repeat(128)])
      assert.equal(isValidThingName(name, limits), true, name);
    for (const name of ['', 'x'.repeat(129), 'a b', 'a/b', 'a$', 'lämp', 'a+', 'a#']) {
      assert.equal(isValidThingName(name, limits), false, name);
    }
  });

  test('§1.1 a shadow name has 1–64 characters of [$a-zA-Z0-9:_-]', () => {
    for (const name of ['$config', 'a:b_c-d', 'x'.repeat(64)])
      assert.equal(isValidShadowName(name, limits), true, name);
    for (const name of ['', 'x'.repeat(65), 'a b', 'a/b', 'a.b']) {
      assert.equal(isValidShadowName(name, limits), false, name);
    }
  });

  test('§1.12 the name length limits are settings', () => {
    assert.equal(isValidThingName('abcd', { maxThingNameLength: 3 }), false);
    assert.equal(isValidShadowName('abcd', { maxShadowNameLength: 4 }), true);
  });
});
