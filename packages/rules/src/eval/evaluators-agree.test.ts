/**
 * The compiled evaluator and the AST interpreter must agree on every statement. The example tests all go
 * through `run()`, which compares them; this adds generated statements and payloads.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { run } from '../testing/evaluate-both.js';
import type { Value } from '../values/value.js';

const attribute = fc.constantFrom(
  'a',
  'b',
  's',
  'n',
  'arr',
  'obj',
  'obj.x',
  'obj.y.z',
  'missing',
  'arr[1]',
  'toString',
);
const literal = fc.oneof(
  fc.integer({ min: -20, max: 20 }).map(String),
  fc.constantFrom('1.5', '-0.25', '10.0', "'7'", "'abc'", '"TRUE"', 'true', 'false', 'NULL', '[1, 2]', "{'k': 1}"),
);

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    attribute,
    literal,
    fc
      .tuple(
        tie('expr'),
        fc.constantFrom('+', '-', '*', '/', '%', '=', '<>', '<', '<=', '>', '>=', 'AND', 'OR'),
        tie('expr'),
      )
      .map(([l, o, r]) => `(${l} ${o} ${r})`),
    tie('expr').map((e) => `NOT ${e}`),
    tie('expr').map((e) => `-(${e})`),
    fc
      .tuple(
        fc.constantFrom('abs', 'upper', 'isUndefined', 'isNull', 'round', 'length', 'floor', 'md5', 'sign', 'trim'),
        tie('expr'),
      )
      .map(([f, e]) => `${f}(${e})`),
    fc
      .tuple(
        fc.constantFrom('concat', 'get', 'mod', 'substring', 'get_or_default', 'startswith', 'power'),
        tie('expr'),
        tie('expr'),
      )
      .map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc.tuple(fc.constantFrom('Int', 'String', 'Decimal', 'Boolean'), tie('expr')).map(([t, e]) => `cast(${e} AS ${t})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([v, w, t]) => `CASE ${v} WHEN ${w} THEN ${t} ELSE 'none' END`),
    fc.tuple(tie('expr'), tie('expr')).map(([v, c]) => `(SELECT VALUE ${v} FROM arr WHERE ${c})`),
    fc.tuple(tie('expr'), tie('expr')).map(([x, y]) => `{'x': ${x}, 'y': [${y}]}`),
  ),
}));

const scalar = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constant(null),
);
const payload: fc.Arbitrary<Value> = fc.record({
  a: scalar,
  b: scalar,
  s: fc.constantFrom('12', '-3.5', 'true', 'x', ''),
  n: fc.constant(null),
  arr: fc.array(fc.oneof(scalar, fc.record({ x: scalar })), { maxLength: 3 }),
  obj: fc.record({ x: scalar, y: fc.record({ z: scalar }) }),
});

describe('compiled and interpreted evaluation', () => {
  for (const version of ['2016-03-23', '2015-10-08'] as const) {
    it(`agree on generated SELECT/WHERE statements (${version})`, () => {
      fc.assert(
        fc.property(expr, expr, payload, (selected, condition, document) => {
          const sql = `SELECT ${selected} AS v, a, obj.y.z FROM 'a/b' WHERE ${condition} OR true`;
          try {
            run(sql, document, { version });
          } catch (error) {
            // Literal and nested-query syntax does not exist in 2015-10-08; anything else must agree.
            if (version === '2016-03-23' || !/2016-03-23/.test(String(error))) throw error;
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it('agree on SELECT * with extra items and on binary payloads', () => {
    assert.deepEqual(run("SELECT *, a + 1 AS a1 FROM 'a/b'", { a: 1 }), { a: 1, a1: 2 });
    assert.throws(() => run("SELECT *, 1 AS x FROM 'a/b'", new Uint8Array([1])), /non-JSON payload/);
  });
});

describe('attribute access', () => {
  it('only own members are read: Object.prototype names and array/bytes properties are Undefined', () => {
    assert.equal(run("SELECT VALUE isUndefined(constructor) FROM 'a/b'", {}), true);
    assert.equal(run("SELECT VALUE isUndefined(toString) FROM 'a/b'", { a: 1 }), true);
    assert.equal(run("SELECT VALUE isUndefined(arr.length) FROM 'a/b'", { arr: [1, 2] }), true);
    assert.equal(run("SELECT VALUE isUndefined(length) FROM 'a/b'", new Uint8Array([1, 2])), true);
    assert.equal(run("SELECT VALUE constructor FROM 'a/b'", { constructor: 'own' }), 'own');
  });

  it('an output key "__proto__" becomes an own member, not the prototype', () => {
    const output = run("SELECT a AS __proto__, {'__proto__': 1} AS o FROM 'a/b'", { a: 5 }) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(output), Object.prototype);
    assert.deepEqual(Object.keys(output), ['__proto__', 'o']);
    assert.equal(Object.getOwnPropertyDescriptor(output, '__proto__')?.value, 5);
  });
});
