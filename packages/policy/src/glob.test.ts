import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { globMatch } from './glob.js';
import { compileTemplate, matchResolved } from './template.js';

/** Small deterministic PRNG so a failing case can be reproduced from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomString(next: () => number, alphabet: string, maxLength: number): string {
  const length = Math.floor(next() * (maxLength + 1));
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
  return text;
}

/** Reference semantics written independently: IAM globbing as an anchored regular expression. */
function oracle(pattern: string, subject: string): boolean {
  const source = [...pattern]
    .map((char) =>
      char === '*' ? '[\\s\\S]*' : char === '?' ? '[\\s\\S]' : char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`).test(subject);
}

const glob = (pattern: string) => compileTemplate(pattern, { wildcards: true, variables: false });
const matches = (pattern: string, subject: string) => matchResolved(glob(pattern), subject);

describe('IAM resource globbing (reference §3.3)', () => {
  test('property: agrees with the regular-expression oracle on random patterns and subjects', () => {
    const next = random(3_3);
    for (let i = 0; i < 4000; i++) {
      const pattern = randomString(next, 'ab/+#.(\\[$^*?', 8);
      const subject = randomString(next, 'ab/+#.(\\[$^', 8);
      assert.equal(matches(pattern, subject), oracle(pattern, subject), `pattern ${pattern} subject ${subject}`);
    }
  });

  test('property: a subject matches every pattern made from it by wildcarding parts of it', () => {
    const next = random(42);
    for (let i = 0; i < 2000; i++) {
      const subject = randomString(next, 'ab/+#:.', 12);
      let pattern = '';
      for (let at = 0; at < subject.length; ) {
        const roll = next();
        if (roll < 0.15) {
          const skip = Math.floor(next() * 4);
          pattern += '*';
          at += skip;
        } else if (roll < 0.3) {
          pattern += '?';
          at += 1;
        } else {
          pattern += subject[at];
          at += 1;
        }
      }
      // a `*` placed at the end may have skipped past the end; the subject still matches
      assert.equal(matches(pattern, subject), true, `pattern ${pattern} subject ${subject}`);
    }
  });

  test('property: a pattern without wildcards matches exactly itself', () => {
    const next = random(7);
    for (let i = 0; i < 2000; i++) {
      const pattern = randomString(next, 'ab/+#$', 6);
      const subject = next() < 0.3 ? pattern : randomString(next, 'ab/+#$', 6);
      assert.equal(matches(pattern, subject), pattern === subject, `pattern ${pattern} subject ${subject}`);
    }
  });

  test('* matches any run of characters including / and the empty string', () => {
    assert.equal(matches('topic/a/*', 'topic/a/'), true);
    assert.equal(matches('topic/a/*', 'topic/a/b/c/d'), true);
    assert.equal(matches('topic/*/c', 'topic/a/b/c'), true);
    assert.equal(matches('*', ''), true);
    assert.equal(matches('topic/a/*', 'topic/b/c'), false);
  });

  test('? matches exactly one character', () => {
    assert.equal(matches('client/dev-?', 'client/dev-1'), true);
    assert.equal(matches('client/dev-?', 'client/dev-'), false);
    assert.equal(matches('client/dev-?', 'client/dev-12'), false);
  });

  test('+ and # are literal characters', () => {
    assert.equal(matches('topicfilter/some/+/topic', 'topicfilter/some/+/topic'), true);
    assert.equal(matches('topicfilter/some/+/topic', 'topicfilter/some/x/topic'), false);
    assert.equal(matches('topicfilter/a/#', 'topicfilter/a/b'), false);
    assert.equal(matches('topicfilter/a/#', 'topicfilter/a/#'), true);
  });

  test('matching is case-sensitive', () => {
    assert.equal(matches('topic/Room', 'topic/room'), false);
  });

  test('many stars stay fast on a long non-matching subject', () => {
    const started = performance.now();
    assert.equal(matches('*a*a*a*a*a*a*a*b', 'a'.repeat(2000)), false);
    assert.ok(performance.now() - started < 500);
  });
});

describe('globMatch with an ARN guard (ArnLike)', () => {
  /** Component-wise oracle: the first five components and the rest globbed on their own. */
  function arnOracle(pattern: string, subject: string): boolean {
    const split = (text: string) => {
      const parts = text.split(':');
      return [...parts.slice(0, 5), parts.slice(5).join(':')];
    };
    if (subject.split(':').length < 6 || pattern.split(':').length < 6) return false;
    const p = split(pattern);
    const s = split(subject);
    return p.every((part, i) => oracle(part, s[i]!));
  }

  const guardEnd = (subject: string) => {
    let index = -1;
    for (let i = 0; i < 5; i++) index = subject.indexOf(':', index + 1);
    return index + 1;
  };

  test('property: a wildcard never spans a colon of the first five ARN components', () => {
    const next = random(99);
    for (let i = 0; i < 3000; i++) {
      const pattern = ['arn', ...Array.from({ length: 5 }, () => randomString(next, 'ab*?:', 3))].join(':');
      const subject = ['arn', ...Array.from({ length: 5 }, () => randomString(next, 'ab:', 3))].join(':');
      const compiled = glob(pattern);
      const expected = arnOracle(pattern, subject);
      assert.equal(
        globMatch(compiled.kinds, compiled.texts, compiled.literals, subject, guardEnd(subject)),
        expected,
        `pattern ${pattern} subject ${subject}`,
      );
    }
  });
});
