import assert from 'node:assert/strict';
import { ruleEnvironment } from '../environment.js';
import type { MessageContext, RuleEnvironment } from '../eval/context.js';
import type { SqlVersion } from '../sql/sql-version.js';
import { compileSql, interpretSql, NO_MATCH } from '../sql-query.js';
import type { Value } from '../values/value.js';

/** Fixed clock, randomness and ids, so outputs are comparable between evaluators and runs. */
export const TEST_NOW = 1_700_000_000_123;

export function testEnvironment(overrides: Partial<RuleEnvironment> = {}): RuleEnvironment {
  return ruleEnvironment({
    now: () => TEST_NOW,
    random: () => 0.25,
    newUuid: () => '123e4567-e89b-42d3-a456-426614174000',
    ...overrides,
  });
}

export interface RunOptions {
  readonly version?: SqlVersion;
  readonly message?: Partial<MessageContext>;
  readonly environment?: RuleEnvironment;
}

type Outcome = { readonly result: Value | typeof NO_MATCH } | { readonly error: Error };

function attempt(evaluate: () => Value | typeof NO_MATCH): Outcome {
  try {
    return { result: evaluate() };
  } catch (error) {
    return { error: error as Error };
  }
}

/**
 * Evaluates a statement with the compiled evaluator and with the AST interpreter, asserts that both give
 * the same result (or the same error), and returns the compiled result. Every evaluation test goes through
 * here, so the whole test corpus checks that the two evaluators agree.
 */
export function run(sql: string, payload: Value = {}, options: RunOptions = {}): Value | typeof NO_MATCH {
  const queryOptions = {
    version: options.version ?? '2016-03-23',
    environment: options.environment ?? testEnvironment(),
  };
  const message: MessageContext = { topic: 'a/b', ...options.message };
  const compiled = attempt(() => compileSql(sql, queryOptions).evaluate(payload, message));
  const interpreted = attempt(() => interpretSql(sql, queryOptions).evaluate(payload, message));
  assert.deepStrictEqual(compiled, interpreted, `compiled and interpreted evaluation differ for: ${sql}`);
  if ('error' in compiled) throw compiled.error;
  return compiled.result;
}

/** The value of one expression: `SELECT VALUE <expr> FROM 'a/b'`. */
export function expressionValue(expr: string, payload: Value = {}, options: RunOptions = {}): Value {
  const result = run(`SELECT VALUE ${expr} FROM 'a/b'`, payload, options);
  assert.notEqual(result, NO_MATCH);
  return result as Value;
}
