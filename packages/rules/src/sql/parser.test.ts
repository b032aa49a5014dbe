import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '@meridian/contracts';
import fc from 'fast-check';
import { run } from '../testing/evaluate-both.js';
import { parseSql } from './parser.js';
import { SqlParseError } from './sql-parse-error.js';

function parseError(sql: string, version?: '2015-10-08'): SqlParseError {
  try {
    parseSql(sql, version);
  } catch (error) {
    assert.ok(error instanceof SqlParseError, `expected SqlParseError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected a parse error for: ${sql}`);
}

describe('parseSql', () => {
  it('reads SELECT, FROM and WHERE into a statement', () => {
    const statement = parseSql(
      "SELECT temperature, topic(2) AS device FROM 'sensors/+/telemetry' WHERE temperature > 30",
    );
    assert.equal(statement.from, 'sensors/+/telemetry');
    assert.equal(statement.version, '2016-03-23');
    assert.equal(statement.select.kind, 'items');
    assert.deepEqual(
      statement.select.kind === 'items' && statement.select.items.map((item) => item.kind === 'item' && item.key),
      [['temperature'], ['device']],
    );
    assert.equal(statement.where?.kind, 'binary');
  });

  it('FROM is optional (Basic Ingest-only rules), WHERE too', () => {
    assert.equal(parseSql('SELECT *').from, undefined);
    assert.equal(parseSql("SELECT * FROM '#'").where, undefined);
  });

  it('un-aliased items: a path gives its last name, a call its function name, anything else its SQL text', () => {
    assert.deepEqual(
      run("SELECT a.b.c, topic(1), 1 + 2 FROM 'x/y'", { a: { b: { c: 1 } } }, { message: { topic: 'x/y' } }),
      {
        c: 1,
        topic: 'x',
        '1 + 2': 3,
      },
    );
  });

  it('aliases may be quoted strings, for keys that are not names', () => {
    assert.deepEqual(run("SELECT a AS 'my-key' FROM 'x'", { a: 1 }), { 'my-key': 1 });
  });

  it('an attribute called "value" is not the VALUE keyword', () => {
    assert.deepEqual(run("SELECT value FROM 'x'", { value: 3 }), { value: 3 });
    assert.equal(run("SELECT VALUE value FROM 'x'", { value: 3 }), 3);
  });

  it('keywords after "." are attribute names', () => {
    assert.deepEqual(run("SELECT a.end AS e, a.select AS s FROM 'x'", { a: { end: 1, select: 2 } }), { e: 1, s: 2 });
  });

  it('strings: doubled quotes, backslash escapes, other backslashes kept', () => {
    assert.equal(run(`SELECT VALUE 'it''s' FROM 'x'`), "it's");
    assert.equal(run(`SELECT VALUE "say \\"hi\\"\\n" FROM 'x'`), 'say "hi"\n');
    assert.equal(run(`SELECT VALUE "\\d+\\u0041" FROM 'x'`), '\\d+A');
  });

  it('numbers: Int, Decimal and exponent literals; unary minus on literals and expressions', () => {
    assert.deepEqual(run("SELECT 12 AS i, 1.25 AS d, 5E-1 AS e, -3 AS n, -a AS m FROM 'x'", { a: 2 }), {
      i: 12,
      d: 1.25,
      e: 0.5,
      n: -3,
      m: -2,
    });
  });

  it('errors carry the line and column of the offending token', () => {
    const error = parseError("SELECT a,\n  FROM 'x'");
    assert.equal(error.line, 2);
    assert.equal(error.column, 3);
    assert.equal(error.reason, 'Expected an expression, found the keyword FROM');
    assert.equal(error.message, 'Expected an expression, found the keyword FROM (line 2, column 3)');
  });

  it('convert to DomainError SqlParseException (HTTP 400)', () => {
    const domain = parseError('SELECT').toDomainError();
    assert.ok(domain instanceof DomainError);
    assert.equal(domain.type, 'SqlParseException');
    assert.equal(domain.statusCode, 400);
    assert.match(domain.message, /line 1, column 7/);
  });

  it('clear messages for common mistakes', () => {
    const cases: [string, RegExp][] = [
      ['', /Expected SELECT, found the end of the statement/],
      ["SELECT a FROM 'x' WHERE", /Expected an expression, found the end/],
      ["SELECT a FROM 'x' garbage", /Expected WHERE or the end, found "garbage"/],
      ["SELECT 'abc FROM 'x'", /Unterminated string literal|Expected/],
      ["SELECT a FROM 'x';", /single SELECT statement/],
      ["SELECT a @ b FROM 'x'", /Unexpected character "@"/],
      ["SELECT f(1 FROM 'x'", /Unknown function f\(\)|Expected/],
      ["SELECT upper(1 FROM 'x'", /Expected "\)", found FROM/],
      ["SELECT cast(1 AS Blob) AS v FROM 'x'", /Unknown type for cast/],
      ["SELECT CASE a WHEN 1 THEN 2 AS v FROM 'x'", /Expected END/],
      ["SELECT {1: 2} AS v FROM 'x'", /Expected an object key/],
      ["SELECT a FROM 'a/+b'", /"\+" must be a whole level/],
      ["SELECT a FROM ''", /it is empty/],
      ["SELECT (SELECT v FROM 'a/b') AS s FROM 'x'", /attribute path, not a topic filter/],
      ["SELECT (SELECT * FROM e) AS s FROM 'x'", /"\*" is not allowed in a nested query/],
      ["SELECT 12abc FROM 'x'", /Invalid number/],
      ["SELECT a.'b' FROM 'x'", /Expected an attribute name after "."/],
      ["SELECT a FROM 'x' WHERE a LIKE 'b%'", /LIKE operator is not supported/],
    ];
    for (const [sql, expected] of cases) assert.match(parseError(sql).message, expected, sql);
  });

  it('the column counts from the start of its line', () => {
    const error = parseError("SELECT\n  a,\n  b c\nFROM 'x'");
    assert.deepEqual([error.line, error.column], [3, 5]);
  });

  it('any input either parses or fails with a SqlParseError, never another exception', () => {
    const fragments = fc.constantFrom(
      'SELECT',
      'VALUE',
      '*',
      ',',
      'a',
      'b.c',
      'FROM',
      "'a/+'",
      'WHERE',
      'AND',
      'NOT',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      ':',
      "'s'",
      '"t"',
      '1',
      '2.5',
      '-',
      '+',
      '=',
      '<>',
      'CASE',
      'WHEN',
      'THEN',
      'ELSE',
      'END',
      'AS',
      'cast',
      'topic(',
      'get(',
      '.',
      'NULL',
      "'",
      '"',
      '\\',
      '$',
      '#',
    );
    const statements = fc.oneof(
      fc.string(),
      fc.array(fragments, { maxLength: 14 }).map((parts) => parts.join(' ')),
    );
    fc.assert(
      fc.property(statements, (sql) => {
        try {
          parseSql(sql);
        } catch (error) {
          assert.ok(error instanceof SqlParseError, `${String(error)} for ${sql}`);
          assert.ok(error.line >= 1 && error.column >= 1);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
