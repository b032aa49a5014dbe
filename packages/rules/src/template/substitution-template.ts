import { compileExpression, type Evaluator } from '../eval/compiler.js';
import type { MessageContext, RuleEnvironment } from '../eval/context.js';
import type { Expr } from '../sql/ast.js';
import { findCall } from '../sql/ast-walk.js';
import { parseTemplateExpression } from '../sql/parser.js';
import { positionAt, SqlParseError } from '../sql/sql-parse-error.js';
import type { SqlVersion } from '../sql/sql-version.js';
import { createRuntime } from '../sql-query.js';
import { toJsonText } from '../values/json-text.js';
import type { Value } from '../values/value.js';

/**
 * A compiled action parameter with `${expression}` substitutions (reference §2.13). `$$` is a literal `$`.
 * Expressions see the incoming payload and message, not the SELECT output.
 */
export interface SubstitutionTemplate {
  readonly source: string;
  /** True when the text has at least one `${...}`. */
  readonly hasSubstitutions: boolean;
  /** The parsed expressions, in order (e.g. to list which attributes a template reads). */
  readonly expressions: readonly Expr[];
  render(payload: Value, message: MessageContext): string;
}

type Piece = string | Evaluator;

/** Parses and compiles a template; throws SqlParseError (with line and column) for a bad expression. */
export interface TemplateOptions {
  readonly version?: SqlVersion;
  readonly environment?: RuleEnvironment;
  /** False for error actions, which AWS does not let call `get_thing_shadow()`. */
  readonly externalFunctions?: boolean;
}

const EXTERNAL_FUNCTIONS = new Set(['get_thing_shadow']);

export function compileTemplate(source: string, options: TemplateOptions = {}): SubstitutionTemplate {
  const runtime = createRuntime(options.version ?? '2016-03-23', options.environment);
  const pieces: Piece[] = [];
  const expressions: Expr[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === '$' && source[i + 1] === '$') {
      text += '$';
      i += 2;
    } else if (ch === '$' && source[i + 1] === '{') {
      const { expr, end } = parseTemplateExpression(source, i + 2, runtime.version);
      if (options.externalFunctions === false) {
        const external = findCall(expr, (name) => EXTERNAL_FUNCTIONS.has(name));
        if (external) {
          throw new SqlParseError(
            `${external.name}() cannot be used in an error action`,
            positionAt(source, external.span.start),
          );
        }
      }
      if (text) pieces.push(text);
      text = '';
      pieces.push(compileExpression(expr, runtime));
      expressions.push(expr);
      i = end;
    } else {
      text += ch;
      i++;
    }
  }
  if (text || pieces.length === 0) pieces.push(text);
  const render =
    pieces.length === 1 && typeof pieces[0] === 'string'
      ? () => pieces[0] as string
      : (payload: Value, message: MessageContext) => {
          let out = '';
          for (const piece of pieces) out += typeof piece === 'string' ? piece : renderValue(piece(payload, message));
          return out;
        };
  return { source, hasSubstitutions: expressions.length > 0, expressions, render };
}

/** Strings as raw text, Undefined as nothing, everything else as its compact JSON text. */
export function renderValue(value: Value): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return toJsonText(value);
}
