import type { MessageContext, Runtime } from '../eval/context.js';
import type { Expr } from '../sql/ast.js';
import type { Value } from '../values/value.js';

/**
 * One IoT SQL function. `call` receives evaluated arguments and must not keep the `args` array
 * (the compiled evaluator reuses it). Wrong argument types give Undefined, never an exception.
 */
export interface SqlFunction {
  /** Lower-case name; calls are case-insensitive. */
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** The first SQL version that has it. */
  readonly since: '2015-10-08' | '2016-03-23';
  /** Checks literal arguments at parse time; returns the reason they are refused. */
  readonly check?: (args: readonly Expr[]) => string | undefined;
  readonly call: (args: readonly Value[], message: MessageContext, runtime: Runtime) => Value;
}

export function defineFunction(
  name: string,
  arity: number | readonly [number, number],
  since: SqlFunction['since'],
  call: SqlFunction['call'],
  check?: SqlFunction['check'],
): SqlFunction {
  const [minArgs, maxArgs] = typeof arity === 'number' ? [arity, arity] : arity;
  return check ? { name, minArgs, maxArgs, since, call, check } : { name, minArgs, maxArgs, since, call };
}
