import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileTopicFilter, topicFilterProblem, topicMatchesFilter } from './topic-filter.js';

/** Straightforward level-by-level matcher the compiled one is checked against. */
function referenceMatch(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if ((f[0] === '+' || f[0] === '#') && topic.startsWith('$')) return false;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return t.length > i;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}

describe('topic filters', () => {
  it('exact filters match only the same topic (case-sensitive)', () => {
    assert.equal(topicMatchesFilter('a/b', 'a/b'), true);
    assert.equal(topicMatchesFilter('a/b', 'a/B'), false);
    assert.equal(topicMatchesFilter('a/b', 'a/b/c'), false);
  });

  it('"+" matches exactly one level, including an empty one', () => {
    assert.equal(topicMatchesFilter('sensors/+/telemetry', 'sensors/dev1/telemetry'), true);
    assert.equal(topicMatchesFilter('sensors/+/telemetry', 'sensors//telemetry'), true);
    assert.equal(topicMatchesFilter('sensors/+/telemetry', 'sensors/a/b/telemetry'), false);
  });

  it('"#" matches "sensor/" and everything below but not "sensor"', () => {
    assert.equal(topicMatchesFilter('sensor/#', 'sensor/'), true);
    assert.equal(topicMatchesFilter('sensor/#', 'sensor/a/b'), true);
    assert.equal(topicMatchesFilter('sensor/#', 'sensor'), false);
    assert.equal(topicMatchesFilter('#', 'anything/at/all'), true);
  });

  it('validates filters', () => {
    assert.equal(topicFilterProblem('a/+/#'), undefined);
    assert.equal(topicFilterProblem('a/#/b'), '"#" must be the whole last level');
    assert.equal(topicFilterProblem('a/b#'), '"#" must be the whole last level');
    assert.equal(topicFilterProblem('a/b+'), '"+" must be a whole level');
    assert.equal(topicFilterProblem('x'.repeat(257)), 'it is longer than 256 bytes');
    assert.throws(() => compileTopicFilter('a/#/b'), /Invalid topic filter/);
  });

  it('agrees with a level-by-level matcher on generated filters and topics', () => {
    const level = fc.constantFrom('a', 'b', '', '$aws', 'c');
    const topic = fc.array(level, { minLength: 1, maxLength: 4 }).map((levels) => levels.join('/'));
    const filter = fc
      .tuple(fc.array(fc.constantFrom('a', 'b', '+', '', '$aws'), { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([levels, hash]) => (hash ? [...levels, '#'] : levels).join('/'));
    fc.assert(
      fc.property(filter, topic, (f, t) => {
        fc.pre(topicFilterProblem(f) === undefined);
        return compileTopicFilter(f).matches(t) === referenceMatch(f, t);
      }),
      { numRuns: 2000 },
    );
  });
});
