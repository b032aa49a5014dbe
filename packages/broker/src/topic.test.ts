import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isValidTopicFilter, isValidTopicName, topicMatches, withinTopicLimits } from './topic.js';

describe('isValidTopicName', () => {
  const valid = ['a', 'a/b', '/', '/a', 'a/', 'a//b', '$SYS/broker', '$aws/things/t1/shadow/update', 'ünïcødé/🚀', ' '];
  for (const topic of valid) {
    test(`accepts ${JSON.stringify(topic)}`, () => assert.equal(isValidTopicName(topic), true));
  }
  test('[MQTT-4.7.3-1] rejects an empty topic name', () => assert.equal(isValidTopicName(''), false));
  for (const topic of ['a/+', '+', 'a/#', '#', 'a+b', 'a/b#', 'sport/tennis/#']) {
    test(`[MQTT-3.3.2-2] rejects wildcard in topic name ${JSON.stringify(topic)}`, () =>
      assert.equal(isValidTopicName(topic), false));
  }
  test('[MQTT-1.5.3-2] rejects U+0000', () => assert.equal(isValidTopicName('a\u0000b'), false));
});

describe('isValidTopicFilter', () => {
  const valid = [
    '#',
    '+',
    'a/#',
    'a/+',
    '+/+',
    '+/a/#',
    '/+',
    '+/',
    'a/+/b',
    '$SYS/#',
    '$aws/things/+/shadow/#',
    'a//b',
    '/',
  ];
  for (const filter of valid) {
    test(`accepts ${JSON.stringify(filter)}`, () => assert.equal(isValidTopicFilter(filter), true));
  }
  test('[MQTT-4.7.3-1] rejects an empty filter', () => assert.equal(isValidTopicFilter(''), false));
  for (const filter of ['a/#/b', '#/a', 'a#', 'a/b#', '##', 'a/#/']) {
    test(`[MQTT-4.7.1-2] # must be the whole last level: rejects ${JSON.stringify(filter)}`, () =>
      assert.equal(isValidTopicFilter(filter), false));
  }
  for (const filter of ['a+', 'a/+b', '+a/b', 'a/b+', '++']) {
    test(`[MQTT-4.7.1-3] + must occupy a whole level: rejects ${JSON.stringify(filter)}`, () =>
      assert.equal(isValidTopicFilter(filter), false));
  }
  test('rejects U+0000', () => assert.equal(isValidTopicFilter('a/\u0000'), false));
});

describe('topicMatches', () => {
  // [filter, topic, expected]
  const table: Array<[string, string, boolean]> = [
    ['a/b', 'a/b', true],
    ['a/b', 'a/c', false],
    ['a/b', 'a/bc', false],
    ['a/bc', 'a/b', false],
    ['a/b', 'a/b/c', false],
    ['a/b/c', 'a/b', false],
    ['A/b', 'a/b', false],
    ['+', 'a', true],
    ['+', 'a/b', false],
    ['+', '/a', false],
    ['+/+', '/a', true],
    ['+/+', '/', true],
    ['/+', '/a', true],
    ['a/+', 'a/b', true],
    ['a/+', 'a/', true],
    ['a/+', 'a', false],
    ['a/+', 'a/b/c', false],
    ['a/+/c', 'a/b/c', true],
    ['a/+/c', 'a//c', true],
    ['a/+/c', 'a/b/d', false],
    ['#', 'a', true],
    ['#', 'a/b/c', true],
    ['#', '/', true],
    ['a/#', 'a', true], // [MQTT-4.7.1-2] # includes the parent level
    ['a/#', 'a/', true],
    ['a/#', 'a/b/c', true],
    ['a/#', 'ab', false],
    ['a/#', 'b/a', false],
    ['a/b/#', 'a', false],
    ['+/b/#', 'x/b', true],
    ['+/#', 'a', true],
    ['a//b', 'a//b', true],
    ['a//b', 'a/b', false],
    ['sport/tennis/+', 'sport/tennis/player1', true],
    ['sport/tennis/+', 'sport/tennis/player1/ranking', false],
    ['sport/+', 'sport', false],
    ['sport/+', 'sport/', true],
    // [MQTT-4.7.2-1] filters starting with a wildcard do not match $ topics
    ['#', '$SYS/broker/uptime', false],
    ['+/broker/uptime', '$SYS/broker/uptime', false],
    ['+/#', '$aws/things/t1/shadow/update', false],
    ['$SYS/#', '$SYS/broker/uptime', true],
    ['$SYS/+/uptime', '$SYS/broker/uptime', true],
    ['$aws/things/+/shadow/#', '$aws/things/t1/shadow/update', true],
    ['$aws/things/+/shadow/update', '$aws/things/t1/shadow/update', true],
    ['a/#', 'a/$b', true],
    ['+/$b', 'a/$b', true],
  ];
  for (const [filter, topic, expected] of table) {
    test(`${JSON.stringify(filter)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(topic)}`, () => {
      assert.equal(topicMatches(filter, topic), expected);
    });
  }
});

describe('withinTopicLimits', () => {
  test('allows up to maxLevels levels (7 slashes for 8)', () => {
    assert.equal(withinTopicLimits('1/2/3/4/5/6/7/8', 256, 8), true);
    assert.equal(withinTopicLimits('1/2/3/4/5/6/7/8/9', 256, 8), false);
  });
  test('does not count levels under $aws/', () => {
    assert.equal(withinTopicLimits('$aws/rules/r/1/2/3/4/5/6/7/8', 256, 8), true);
  });
  test('counts UTF-8 bytes, not characters', () => {
    assert.equal(withinTopicLimits('é'.repeat(128), 256, 8), true);
    assert.equal(withinTopicLimits('é'.repeat(129), 256, 8), false);
    assert.equal(withinTopicLimits('a'.repeat(257), 256, 8), false);
  });
});
