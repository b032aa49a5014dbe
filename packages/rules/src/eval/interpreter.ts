import { lookupFunction } from '../functions/catalog.js';
import { getMember } from '../functions/collection.functions.js';
import type { Expr, SelectClause, SqlStatement } from '../sql/ast.js';
import { isVersion2016 } from '../sql/sql-version.js';
import { castValue } from '../values/cast.js';
import * as op from '../values/operators.js';
import { isObjectValue, type Value, type ValueObject } from '../values/value.js';
import type { MessageContext, Runtime } from './context.js';
import { attributeOf, defineMember, setOutput } from './select-output.js';
import { BINARY_PAYLOAD_SELECT, SqlEvaluationError, TOP_LEVEL_ARRAY_2015 } from './sql-evaluation-error.js';

/**
 * Evaluates a statement by walking its syntax tree for every message. It is the reference the compiled
 * evaluator is tested against, and the baseline it is benchmarked against.
 */
export class AstInterpreter {
  constructor(
    private readonly statement: SqlStatement,
    private readonly runtime: Runtime,
  ) {}

  condition(payload: Value, message: MessageContext): Value {
    const { where } = this.statement;
    return where === undefined ? true : this.expr(where, payload, message, false);
  }

  matches(payload: Value, message: MessageContext): boolean {
    return this.condition(payload, message) === true;
  }

  select(payload: Value, message: MessageContext): Value {
    const output = this.selectClause(this.statement.select, payload, message, false);
    if (Array.isArray(output) && this.statement.select.kind === 'value' && !isVersion2016(this.runtime.version)) {
      throw new SqlEvaluationError(TOP_LEVEL_ARRAY_2015);
    }
    return output;
  }

  /** Evaluates one expression against a payload, as substitution templates do. */
  expression(expr: Expr, payload: Value, message: MessageContext): Value {
    return this.expr(expr, payload, message, false);
  }

  private selectClause(select: SelectClause, scope: Value, message: MessageContext, nested: boolean): Value {
    if (select.kind === 'value') return this.expr(select.expr, scope, message, nested);
    const { items } = select;
    const all = items.some((item) => item.kind === 'all');
    if (all && scope instanceof Uint8Array) {
      if (items.length === 1) return scope;
      throw new SqlEvaluationError(BINARY_PAYLOAD_SELECT);
    }
    if (all && items.length === 1) return scope;
    const output: ValueObject = all && isObjectValue(scope) ? { ...scope } : {};
    for (const item of items) {
      if (item.kind === 'all') continue;
      const value = this.expr(item.expr, scope, message, nested);
      if (value !== undefined) setOutput(output, item.key, value);
    }
    return output;
  }

  private expr(expr: Expr, scope: Value, message: MessageContext, nested: boolean): Value {
    const { decimal } = this.runtime;
    switch (expr.kind) {
      case 'literal':
        return expr.value;
      case 'attribute':
        return attributeOf(scope, expr.name);
      case 'wildcard':
        return scope;
      case 'member':
        return attributeOf(this.expr(expr.object, scope, message, nested), expr.name);
      case 'index':
        return getMember(this.expr(expr.object, scope, message, nested), this.expr(expr.index, scope, message, nested));
      case 'call': {
        const fn = lookupFunction(expr.name);
        if (!fn) return undefined;
        const args = expr.args.map((arg) =>
          arg.kind === 'wildcard' && fn.name === 'encode' && !nested && message.raw && isObjectValue(scope)
            ? message.raw
            : this.expr(arg, scope, message, nested),
        );
        return fn.call(args, message, this.runtime);
      }
      case 'cast':
        return castValue(this.expr(expr.value, scope, message, nested), expr.type, decimal);
      case 'negate':
        return op.negate(this.expr(expr.operand, scope, message, nested), decimal);
      case 'not':
        return op.not(this.expr(expr.operand, scope, message, nested));
      case 'binary': {
        const left = this.expr(expr.left, scope, message, nested);
        const right = this.expr(expr.right, scope, message, nested);
        switch (expr.operator) {
          case '=':
            return op.equals(left, right);
          case '<>':
            return op.notEquals(left, right);
          case '<':
            return op.lessThan(left, right);
          case '<=':
            return op.lessOrEqual(left, right);
          case '>':
            return op.greaterThan(left, right);
          case '>=':
            return op.greaterOrEqual(left, right);
          case '+':
            return op.add(left, right, decimal);
          case '-':
            return op.subtract(left, right, decimal);
          case '*':
            return op.multiply(left, right, decimal);
          case '/':
            return op.divide(left, right, decimal);
          case '%':
            return op.remainder(left, right, decimal);
          case 'AND':
            return op.and(left, right);
          case 'OR':
            return op.or(left, right);
        }
        return undefined;
      }
      case 'case': {
        const subject = this.expr(expr.subject, scope, message, nested);
        if (subject === undefined) return undefined;
        for (const branch of expr.branches) {
          if (op.equals(subject, this.expr(branch.when, scope, message, nested)) === true) {
            return this.expr(branch.result, scope, message, nested);
          }
        }
        return expr.otherwise && this.expr(expr.otherwise, scope, message, nested);
      }
      case 'object': {
        const object: ValueObject = {};
        for (const entry of expr.entries) {
          const value = this.expr(entry.value, scope, message, nested);
          if (value !== undefined) defineMember(object, entry.key, value);
        }
        return object;
      }
      case 'array': {
        const items: Value[] = [];
        for (const item of expr.items) {
          const value = this.expr(item, scope, message, nested);
          if (value !== undefined) items.push(value);
        }
        return items;
      }
      case 'subquery': {
        const source = this.expr(expr.from, scope, message, nested);
        const run = (element: Value): Value => {
          if (expr.where && this.expr(expr.where, element, message, true) !== true) return undefined;
          return this.selectClause(expr.select, element, message, true);
        };
        if (isObjectValue(source)) return run(source);
        if (!Array.isArray(source)) return undefined;
        const results: Value[] = [];
        for (const element of source) {
          const result = run(element);
          if (result !== undefined) results.push(result);
        }
        return results;
      }
    }
  }
}
