import type { Value } from '../values/value.js';
import type { SqlVersion } from './sql-version.js';

/** Offsets into the SQL text, for error messages and un-aliased output keys. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type BinaryOperator = '=' | '<>' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | 'AND' | 'OR';

export type CastType = 'String' | 'Int' | 'Decimal' | 'Double' | 'Boolean';

export type Expr =
  | { readonly kind: 'literal'; readonly value: Value; readonly span: Span }
  /** A top-level attribute of the current document (the payload, or the element in a nested query). */
  | { readonly kind: 'attribute'; readonly name: string; readonly span: Span }
  /** `*`: the current document, or the raw bytes of a non-JSON payload. */
  | { readonly kind: 'wildcard'; readonly span: Span }
  | { readonly kind: 'member'; readonly object: Expr; readonly name: string; readonly span: Span }
  /** `expr[index]` — an extension: AWS documents only `get(expr, index)`, which it behaves like. */
  | { readonly kind: 'index'; readonly object: Expr; readonly index: Expr; readonly span: Span }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly span: Span }
  | { readonly kind: 'cast'; readonly value: Expr; readonly type: CastType; readonly span: Span }
  | { readonly kind: 'negate'; readonly operand: Expr; readonly span: Span }
  | { readonly kind: 'not'; readonly operand: Expr; readonly span: Span }
  | {
      readonly kind: 'binary';
      readonly operator: BinaryOperator;
      readonly left: Expr;
      readonly right: Expr;
      readonly span: Span;
    }
  | {
      readonly kind: 'case';
      readonly subject: Expr;
      readonly branches: readonly CaseBranch[];
      readonly otherwise: Expr | undefined;
      readonly span: Span;
    }
  | { readonly kind: 'object'; readonly entries: readonly ObjectEntry[]; readonly span: Span }
  | { readonly kind: 'array'; readonly items: readonly Expr[]; readonly span: Span }
  /** `(SELECT ... FROM <path> [WHERE ...])` over an array (or one object) of the current document. */
  | {
      readonly kind: 'subquery';
      readonly select: SelectClause;
      readonly from: Expr;
      readonly where: Expr | undefined;
      readonly span: Span;
    };

export interface CaseBranch {
  readonly when: Expr;
  readonly result: Expr;
}

export interface ObjectEntry {
  readonly key: string;
  readonly value: Expr;
}

export type SelectItem =
  | { readonly kind: 'all'; readonly span: Span }
  /** `expr [AS a.b]`: `key` is the output path (the alias, or the derived key). */
  | { readonly kind: 'item'; readonly expr: Expr; readonly key: readonly string[]; readonly span: Span };

export type SelectClause =
  | { readonly kind: 'value'; readonly expr: Expr }
  | { readonly kind: 'items'; readonly items: readonly SelectItem[] };

export interface SqlStatement {
  readonly version: SqlVersion;
  readonly select: SelectClause;
  /** The FROM topic filter; absent for rules used only through Basic Ingest. */
  readonly from: string | undefined;
  readonly where: Expr | undefined;
}
