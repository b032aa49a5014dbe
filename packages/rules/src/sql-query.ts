import { ruleEnvironment } from './environment.js';
import { compileStatement } from './eval/compiler.js';
import type { MessageContext, RuleEnvironment, Runtime } from './eval/context.js';
import { AstInterpreter } from './eval/interpreter.js';
import type { SqlStatement } from './sql/ast.js';
import { parseSql } from './sql/parser.js';
import { isVersion2016, type SqlVersion } from './sql/sql-version.js';
import { decimal2015, decimal2016 } from './values/decimal-arithmetic.js';
import type { Value } from './values/value.js';

/** Returned by `evaluate` when WHERE does not hold (Undefined is a possible output of `SELECT VALUE`). */
export const NO_MATCH: unique symbol = Symbol('NO_MATCH');

export interface SqlQueryOptions {
  readonly version?: SqlVersion;
  readonly environment?: RuleEnvironment;
}

/** A parsed rule statement, ready to evaluate messages. */
export interface SqlQuery {
  readonly statement: SqlStatement;
  readonly version: SqlVersion;
  /** The FROM topic filter, or undefined for Basic Ingest-only rules. */
  readonly topicFilter: string | undefined;
  /** The value WHERE evaluates to (true without WHERE), to show why a message did not match. */
  condition(payload: Value, message: MessageContext): Value;
  /** WHERE: true only when it evaluates to Boolean true. */
  matches(payload: Value, message: MessageContext): boolean;
  /** SELECT; throws {@link SqlEvaluationError} when the statement cannot produce output for this payload. */
  select(payload: Value, message: MessageContext): Value;
  /** WHERE then SELECT. */
  evaluate(payload: Value, message: MessageContext): Value | typeof NO_MATCH;
}

export function createRuntime(version: SqlVersion, environment: RuleEnvironment = ruleEnvironment()): Runtime {
  return { version, decimal: isVersion2016(version) ? decimal2016 : decimal2015, env: environment };
}

/** Parses and compiles a statement into closures (the production evaluator). Throws SqlParseError. */
export function compileSql(sql: string, options: SqlQueryOptions = {}): SqlQuery {
  const statement = parseSql(sql, options.version);
  const compiled = compileStatement(statement, createRuntime(statement.version, options.environment));
  return query(statement, compiled.condition, compiled.matches, compiled.select);
}

/** Parses a statement and evaluates it by walking the syntax tree for every message (the baseline). */
export function interpretSql(sql: string, options: SqlQueryOptions = {}): SqlQuery {
  const statement = parseSql(sql, options.version);
  const interpreter = new AstInterpreter(statement, createRuntime(statement.version, options.environment));
  return query(
    statement,
    (payload, message) => interpreter.condition(payload, message),
    (payload, message) => interpreter.matches(payload, message),
    (payload, message) => interpreter.select(payload, message),
  );
}

function query(
  statement: SqlStatement,
  condition: SqlQuery['condition'],
  matches: SqlQuery['matches'],
  select: SqlQuery['select'],
): SqlQuery {
  return {
    statement,
    version: statement.version,
    topicFilter: statement.from,
    condition,
    matches,
    select,
    evaluate: (payload, message) => (matches(payload, message) ? select(payload, message) : NO_MATCH),
  };
}
