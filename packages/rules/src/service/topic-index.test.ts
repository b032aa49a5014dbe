import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { topicFilterProblem, topicMatchesFilter } from '../topic/topic-filter.js';
import { TopicIndex } from './topic-index.js';

const level = fc.constantFrom('a', 'b', 'c', '', '$aws', '$sys', 'things');
const topicArb = fc
  .array(level, { minLength: 1, maxLength: 4 })
  .map((levels) => levels.join('/'))
  .filter((topic) => topic !== '');
const filterArb = fc
  .tuple(fc.array(fc.oneof(level, fc.constant('+')), { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([levels, multi]) => (multi ? [...levels, '#'] : levels).join('/'))
  .filter((filter) => topicFilterProblem(filter) === undefined);

describe(TopicIndex.name, () => {
  test('matches exactly the filters that compileTopicFilter matches', () => {
    fc.assert(
      fc.property(fc.uniqueArray(filterArb, { maxLength: 20 }), topicArb, (filters, topic) => {
        const sut = new TopicIndex<string>();
        for (const filter of filters) sut.add(filter, filter);
        const expected = filters.filter((filter) => topicMatchesFilter(filter, topic)).sort();
        assert.deepEqual(sut.match(topic).sort(), expected);
      }),
      { numRuns: 2000 },
    );
  });

  test('a lone # matches everything except $ topics; a/# does not match a', () => {
    const sut = new TopicIndex<string>();
    sut.add('#', 'all');
    sut.add('a/#', 'under-a');
    sut.add('+/x', 'plus');
    assert.deepEqual(sut.match('a').sort(), ['all']);
    assert.deepEqual(sut.match('a/x').sort(), ['all', 'plus', 'under-a']);
    assert.deepEqual(sut.match('$aws/x'), []);
  });

  test('removing a value keeps the other values of the same filter and prunes empty branches', () => {
    const sut = new TopicIndex<number>();
    sut.add('a/b', 1);
    sut.add('a/b', 2);
    sut.add('a/#', 3);
    assert.equal(sut.size, 3);
    sut.remove('a/b', 1);
    assert.deepEqual(sut.match('a/b').sort(), [2, 3]);
    sut.remove('a/b', 2);
    sut.remove('a/#', 3);
    sut.remove('never/added', 4);
    assert.equal(sut.size, 0);
    assert.deepEqual(sut.match('a/b'), []);
    assert.deepEqual((sut as unknown as { root: { children?: Map<string, unknown> } }).root.children?.size ?? 0, 0);
  });

  test('a match over many distinct filters visits only the matching branch', () => {
    const sut = new TopicIndex<number>();
    for (let i = 0; i < 5000; i++) sut.add(`devices/d${i}/telemetry`, i);
    assert.deepEqual(sut.match('devices/d4321/telemetry'), [4321]);
    assert.deepEqual(sut.match('devices/d4321/other'), []);
  });
});
