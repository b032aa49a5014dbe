import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { topicMatches } from './topic.js';
import { TopicTrie } from './topic-trie.js';

function matchedFilters(trie: TopicTrie<string, string>, topic: string): string[] {
  return trie.match(topic).sort();
}

describe(TopicTrie.name, () => {
  test('matches literal, + and # filters, # including the parent level', () => {
    const sut = new TopicTrie<string, string>();
    for (const filter of ['a/b', 'a/+', 'a/#', '#', '+/b', 'a/b/c', 'x/#']) sut.set(filter, 'k', filter);
    assert.deepEqual(matchedFilters(sut, 'a/b'), ['#', '+/b', 'a/#', 'a/+', 'a/b']);
    assert.deepEqual(matchedFilters(sut, 'a'), ['#', 'a/#']);
    assert.deepEqual(matchedFilters(sut, 'x'), ['#', 'x/#']);
    assert.deepEqual(matchedFilters(sut, 'a/b/c'), ['#', 'a/#', 'a/b/c']);
  });

  test('hashMatchesParent false (AWS): `a/#` does not match `a`, still matches `a/` and below', () => {
    const sut = new TopicTrie<string, string>(false);
    for (const filter of ['a/#', '#', 'a/+/#', 'a']) sut.set(filter, 'k', filter);
    assert.deepEqual(matchedFilters(sut, 'a'), ['#', 'a']);
    assert.deepEqual(matchedFilters(sut, 'a/'), ['#', 'a/#']);
    assert.deepEqual(matchedFilters(sut, 'a/b'), ['#', 'a/#']);
    assert.deepEqual(matchedFilters(sut, 'a/b/c'), ['#', 'a/#', 'a/+/#']);
  });

  test('[MQTT-4.7.2-1] wildcards at the first level do not match $ topics', () => {
    const sut = new TopicTrie<string, string>();
    for (const filter of ['#', '+/broker', '+/#', '$SYS/#', '$SYS/+']) sut.set(filter, 'k', filter);
    assert.deepEqual(matchedFilters(sut, '$SYS/broker'), ['$SYS/#', '$SYS/+']);
    assert.deepEqual(matchedFilters(sut, 'SYS/broker'), ['#', '+/#', '+/broker']);
  });

  test('keeps one value per (filter, key) and replaces on set', () => {
    const sut = new TopicTrie<string, string>();
    assert.equal(sut.set('a/+', 'k1', 'v1'), true);
    assert.equal(sut.set('a/+', 'k1', 'v2'), false);
    assert.equal(sut.set('a/+', 'k2', 'v3'), true);
    assert.equal(sut.size, 2);
    assert.deepEqual(matchedFilters(sut, 'a/x'), ['v2', 'v3']);
    assert.equal(sut.get('a/+', 'k1'), 'v2');
  });

  test('delete removes the entry and prunes empty branches', () => {
    const sut = new TopicTrie<string, string>();
    sut.set('a/b/c', 'k', 'abc');
    sut.set('a/#', 'k', 'a#');
    assert.equal(sut.delete('a/b/c', 'other'), false);
    assert.equal(sut.delete('a/b/c', 'k'), true);
    assert.equal(sut.delete('a/b/c', 'k'), false);
    assert.equal(sut.delete('a/b', 'k'), false);
    assert.deepEqual(matchedFilters(sut, 'a/b/c'), ['a#']);
    assert.equal(sut.delete('a/#', 'k'), true);
    assert.equal(sut.size, 0);
    const root = (sut as unknown as { root: { children?: Map<string, unknown> } }).root;
    assert.equal(root.children, undefined);
  });

  test('10,000 wildcard subscriptions give the same result as matching each filter', () => {
    const sut = new TopicTrie<string, string>();
    const filters: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const filter =
        i % 4 === 0
          ? `fleet/${i % 97}/+/telemetry`
          : i % 4 === 1
            ? `fleet/+/device-${i}/#`
            : i % 4 === 2
              ? `+/${i % 13}/device-${i % 50}/+`
              : `fleet/${i % 7}/#`;
      filters.push(filter);
      sut.set(filter, `client-${i}`, `${filter}@${i}`);
    }
    assert.equal(sut.size, 10_000);
    const topics = [
      'fleet/5/device-1/telemetry',
      'fleet/3/device-4001/status',
      'fleet/96/x/telemetry',
      'other/12/device-37/anything',
      'fleet/1',
      '$aws/things/device-1/shadow/update',
      'nothing/here',
    ];
    for (const topic of topics) {
      const expected = filters.flatMap((f, i) => (topicMatches(f, topic) ? [`${f}@${i}`] : [])).sort();
      assert.deepEqual(sut.match(topic).sort(), expected, topic);
    }
  });
});
