import { lookupFunction } from '../functions/catalog.js';
import { getMember } from '../functions/collection.functions.js';
import { ruleTopic, topicLevel } from '../functions/context.functions.js';
import type { BinaryOperator, Expr, SelectClause, SqlStatement } from '../sql/ast.js';
import { isVersion2016 } from '../sql/sql-version.js';
import { castValue } from '../values/cast.js';
import type { DecimalFactory } from '../values/decimal-arithmetic.js';
import * as op from '../values/operators.js';
import { isObjectValue, type Value, type ValueObject, WholeDecimal } from '../values/value.js';
import type { MessageContext, Runtime } from './context.js';
import { defineMember, setOutput } from './select-output.js';
import { BINARY_PAYLOAD_SELECT, SqlEvaluationError, TOP_LEVEL_ARRAY_2015 } from './sql-evaluation-error.js';

/** A compiled expression: evaluates against the current document (`scope`) and the message. */
export type Evaluator = (scope: Value, message: MessageContext) => Value;

export interface CompiledStatement {
  /** The value of WHERE (true without WHERE); the rule matches only when it is Boolean true. */
  readonly condition: (payload: Value, message: MessageContext) => Value;
  readonly matches: (payload: Value, message: MessageContext) => boolean;
  readonly select: (payload: Value, message: MessageContext) => Value;
}

/**
 * Compiles a statement once into a tree of closures, so evaluating a message walks no syntax tree
 * and allocates little beyond the output object.
 */
export function compileStatement(statement: SqlStatement, runtime: Runtime): CompiledStatement {
  const compiler = new Compiler(runtime);
  const where = statement.where && compiler.expr(statement.where, false);
  const select = compiler.selectClause(statement.select, false);
  const rejectArrays = statement.select.kind === 'value' && !isVersion2016(runtime.version);
  return {
    condition: where ?? (() => true),
    matches: where ? (payload, message) => where(payload, message) === true : () => true,
    select: rejectArrays
      ? (payload, message) => {
          const output = select(payload, message);
          if (Array.isArray(output)) throw new SqlEvaluationError(TOP_LEVEL_ARRAY_2015);
          return output;
        }
      : select,
  };
}

/** Compiles one expression, as substitution templates use them. */
export function compileExpression(expr: Expr, runtime: Runtime): Evaluator {
  return new Compiler(runtime).expr(expr, false);
}

/** Reads an own attribute; names that exist on `Object.prototype` need the slower own-property check. */
function attributeReader(name: string): (scope: Value) => Value {
  if (name in Object.prototype) {
    return (scope) => (isObjectValue(scope) && Object.hasOwn(scope, name) ? scope[name] : undefined);
  }
  return (scope) =>
    typeof scope === 'object' &&
    scope !== null &&
    !Array.isArray(scope) &&
    !(scope instanceof Uint8Array) &&
    !(scope instanceof WholeDecimal)
      ? scope[name]
      : undefined;
}

type Comparison = (a: Value, b: Value) => boolean | undefined;

const COMPARISONS: Partial<Record<BinaryOperator, Comparison>> = {
  '<': op.lessThan,
  '<=': op.lessOrEqual,
  '>': op.greaterThan,
  '>=': op.greaterOrEqual,
};

function arithmetic(operator: BinaryOperator, decimal: DecimalFactory): ((a: Value, b: Value) => Value) | undefined {
  switch (operator) {
    case '+':
      return (a, b) => op.add(a, b, decimal);
    case '-':
      return (a, b) => op.subtract(a, b, decimal);
    case '*':
      return (a, b) => op.multiply(a, b, decimal);
    case '/':
      return (a, b) => op.divide(a, b, decimal);
    case '%':
      return (a, b) => op.remainder(a, b, decimal);
    default:
      return undefined;
  }
}

class Compiler {
  constructor(private readonly runtime: Runtime) {}

  selectClause(select: SelectClause, nested: boolean): Evaluator {
    if (select.kind === 'value') return this.expr(select.expr, nested);
    const { items } = select;
    const all = items.some((item) => item.kind === 'all');
    if (all && items.length === 1) return (scope) => scope;
    const parts = items.flatMap((item) =>
      item.kind === 'item'
        ? [
            {
              key: item.key,
              flat: item.key.length === 1 ? (item.key[0] as string) : undefined,
              evaluate: this.expr(item.expr, nested),
            },
          ]
        : [],
    );
    return (scope, message) => {
      let output: ValueObject;
      if (all) {
        if (scope instanceof Uint8Array) throw new SqlEvaluationError(BINARY_PAYLOAD_SELECT);
        output = isObjectValue(scope) ? { ...scope } : {};
      } else {
        output = {};
      }
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i] as (typeof parts)[number];
        const value = part.evaluate(scope, message);
        if (value === undefined) continue;
        if (part.flat !== undefined) defineMember(output, part.flat, value);
        else setOutput(output, part.key, value);
      }
      return output;
    };
  }

  expr(expr: Expr, nested: boolean): Evaluator {
    const { decimal } = this.runtime;
    switch (expr.kind) {
      case 'literal': {
        const { value } = expr;
        return () => value;
      }
      case 'attribute': {
        const read = attributeReader(expr.name);
        return (scope) => read(scope);
      }
      case 'wildcard':
        return (scope) => scope;
      case 'member': {
        const object = this.expr(expr.object, nested);
        const read = attributeReader(expr.name);
        return (scope, message) => read(object(scope, message));
      }
      case 'index': {
        const object = this.expr(expr.object, nested);
        const index = this.expr(expr.index, nested);
        return (scope, message) => getMember(object(scope, message), index(scope, message));
      }
      case 'call':
        return this.call(expr, nested);
      case 'cast': {
        const value = this.expr(expr.value, nested);
        const { type } = expr;
        return (scope, message) => castValue(value(scope, message), type, decimal);
      }
      case 'negate': {
        const operand = this.expr(expr.operand, nested);
        return (scope, message) => op.negate(operand(scope, message), decimal);
      }
      case 'not': {
        const operand = this.expr(expr.operand, nested);
        return (scope, message) => op.not(operand(scope, message));
      }
      case 'binary':
        return this.binary(expr.operator, expr.left, expr.right, nested);
      case 'case': {
        const subject = this.expr(expr.subject, nested);
        const whens = expr.branches.map((branch) => this.expr(branch.when, nested));
        const thens = expr.branches.map((branch) => this.expr(branch.result, nested));
        const otherwise = expr.otherwise ? this.expr(expr.otherwise, nested) : undefined;
        return (scope, message) => {
          const value = subject(scope, message);
          if (value === undefined) return undefined;
          for (let i = 0; i < whens.length; i++) {
            if (op.equals(value, (whens[i] as Evaluator)(scope, message)) === true) {
              return (thens[i] as Evaluator)(scope, message);
            }
          }
          return otherwise?.(scope, message);
        };
      }
      case 'object': {
        const keys = expr.entries.map((entry) => entry.key);
        const values = expr.entries.map((entry) => this.expr(entry.value, nested));
        return (scope, message) => {
          const object: ValueObject = {};
          for (let i = 0; i < keys.length; i++) {
            const value = (values[i] as Evaluator)(scope, message);
            if (value !== undefined) defineMember(object, keys[i] as string, value);
          }
          return object;
        };
      }
      case 'array': {
        const items = expr.items.map((item) => this.expr(item, nested));
        return (scope, message) => {
          const array: Value[] = [];
          for (const item of items) {
            const value = item(scope, message);
            if (value !== undefined) array.push(value);
          }
          return array;
        };
      }
      case 'subquery': {
        const source = this.expr(expr.from, nested);
        const where = expr.where && this.expr(expr.where, true);
        const select = this.selectClause(expr.select, true);
        const run = (element: Value, message: MessageContext): Value =>
          where && where(element, message) !== true ? undefined : select(element, message);
        return (scope, message) => {
          const from = source(scope, message);
          if (isObjectValue(from)) return run(from, message);
          if (!Array.isArray(from)) return undefined;
          const results: Value[] = [];
          for (const element of from) {
            const result = run(element, message);
            if (result !== undefined) results.push(result);
          }
          return results;
        };
      }
    }
  }

  private binary(operator: BinaryOperator, leftExpr: Expr, rightExpr: Expr, nested: boolean): Evaluator {
    const left = this.expr(leftExpr, nested);
    const right = this.expr(rightExpr, nested);
    const compare = COMPARISONS[operator];
    if (compare) {
      // `attribute > 30`: the common case compares a number with a numeric literal.
      if (rightExpr.kind === 'literal' && typeof rightExpr.value === 'number') {
        return compareWithConstant(operator, left, rightExpr.value, compare);
      }
      return (scope, message) => compare(left(scope, message), right(scope, message));
    }
    const compute = arithmetic(operator, this.runtime.decimal);
    if (compute) return (scope, message) => compute(left(scope, message), right(scope, message));
    switch (operator) {
      case '=':
        return (scope, message) => op.equals(left(scope, message), right(scope, message));
      case '<>':
        return (scope, message) => op.notEquals(left(scope, message), right(scope, message));
      case 'AND':
        return (scope, message) => op.and(left(scope, message), right(scope, message));
      default:
        return (scope, message) => op.or(left(scope, message), right(scope, message));
    }
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, nested: boolean): Evaluator {
    const fn = lookupFunction(expr.name);
    if (!fn) return () => undefined;
    const { runtime } = this;
    const [first] = expr.args;
    // `topic(n)` with a literal level is on the hot path of most rules: no argument array, no split.
    if (fn.name === 'topic' && expr.args.length === 1 && first?.kind === 'literal' && typeof first.value === 'number') {
      const level = Math.floor(first.value);
      return (_scope, message) => topicLevel(ruleTopic(message.topic), level);
    }
    const args = expr.args.map((arg) =>
      arg.kind === 'wildcard' && fn.name === 'encode' && !nested ? rawPayloadOrScope : this.expr(arg, nested),
    );
    const count = args.length;
    if (count === 0) {
      const none: Value[] = [];
      return (_scope, message) => fn.call(none, message, runtime);
    }
    // One argument array per call site, refilled on each call (functions never keep it).
    const values: Value[] = new Array(count);
    return (scope, message) => {
      for (let i = 0; i < count; i++) values[i] = (args[i] as Evaluator)(scope, message);
      return fn.call(values, message, runtime);
    };
  }
}

/** `encode(*, ...)` on a JSON payload encodes the bytes as received, not a re-serialization. */
const rawPayloadOrScope: Evaluator = (scope, message) =>
  message.raw !== undefined && isObjectValue(scope) ? message.raw : scope;

function compareWithConstant(
  operator: BinaryOperator,
  left: Evaluator,
  constant: number,
  compare: Comparison,
): Evaluator {
  switch (operator) {
    case '<':
      return (scope, message) => {
        const value = left(scope, message);
        return typeof value === 'number' ? value < constant : compare(value, constant);
      };
    case '<=':
      return (scope, message) => {
        const value = left(scope, message);
        return typeof value === 'number' ? value <= constant : compare(value, constant);
      };
    case '>':
      return (scope, message) => {
        const value = left(scope, message);
        return typeof value === 'number' ? value > constant : compare(value, constant);
      };
    default:
      return (scope, message) => {
        const value = left(scope, message);
        return typeof value === 'number' ? value >= constant : compare(value, constant);
      };
  }
}
