import { lookupFunction, unsupportedFunctionReason } from '../functions/catalog.js';
import { topicFilterProblem } from '../topic/topic-filter.js';
import { decimal2015, decimal2016 } from '../values/decimal-arithmetic.js';
import { type Value, WholeDecimal } from '../values/value.js';
import type {
  BinaryOperator,
  CaseBranch,
  CastType,
  Expr,
  ObjectEntry,
  SelectClause,
  SelectItem,
  Span,
  SqlStatement,
} from './ast.js';
import { Lexer, type Token } from './lexer.js';
import type { SqlParseError } from './sql-parse-error.js';
import { isVersion2016, type SqlVersion } from './sql-version.js';

const KEYWORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AS',
  'AND',
  'OR',
  'NOT',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'TRUE',
  'FALSE',
  'NULL',
]);

const UNSUPPORTED_OPERATORS = new Set(['IN', 'LIKE', 'BETWEEN', 'IS', 'CONTAINS']);

const COMPARISONS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);

const CAST_TYPES: Readonly<Record<string, { type: CastType; since2016: boolean }>> = {
  string: { type: 'String', since2016: false },
  nvarchar: { type: 'String', since2016: false },
  text: { type: 'String', since2016: false },
  ntext: { type: 'String', since2016: false },
  varchar: { type: 'String', since2016: false },
  int: { type: 'Int', since2016: false },
  integer: { type: 'Int', since2016: false },
  double: { type: 'Double', since2016: false },
  decimal: { type: 'Decimal', since2016: true },
  bool: { type: 'Boolean', since2016: true },
  boolean: { type: 'Boolean', since2016: true },
};

const NEEDS_2016 = 'needs SQL version 2016-03-23';

/** Parses a rule's SQL statement. Throws {@link SqlParseError} with the line and column of the problem. */
export function parseSql(source: string, version: SqlVersion = '2016-03-23'): SqlStatement {
  const parser = new Parser(source, 0, version);
  return parser.parseStatement();
}

/**
 * Parses the expression of a substitution template that starts at `start` (just after `${`) and ends
 * with `}`; returns it with the offset just past that `}`.
 */
export function parseTemplateExpression(
  source: string,
  start: number,
  version: SqlVersion,
): { readonly expr: Expr; readonly end: number } {
  const parser = new Parser(source, start, version);
  return parser.parseTemplateExpression();
}

class Parser {
  private readonly lexer: Lexer;
  private readonly lookahead: Token[] = [];
  private readonly is2016: boolean;

  constructor(
    private readonly source: string,
    start: number,
    private readonly version: SqlVersion,
  ) {
    this.lexer = new Lexer(source, start);
    this.is2016 = isVersion2016(version);
  }

  parseStatement(): SqlStatement {
    const first = this.peek();
    if (this.isWord(first, 'SET')) throw this.errorAt(first, 'SET clauses are not supported');
    this.expectWord('SELECT');
    const select = this.parseSelectClause(true);
    let from: string | undefined;
    if (this.acceptWord('FROM')) {
      const token = this.advance();
      if (token.kind !== 'string' || token.quote !== "'") {
        throw this.errorAt(token, `FROM takes a topic filter in single quotes, found ${describe(token)}`);
      }
      const problem = topicFilterProblem(token.value);
      if (problem) throw this.errorAt(token, `Invalid topic filter '${token.value}': ${problem}`);
      from = token.value;
    }
    const where = this.acceptWord('WHERE') ? this.parseExpression() : undefined;
    const end = this.peek();
    if (end.kind !== 'eof') {
      throw this.errorAt(
        end,
        `Expected ${from === undefined ? 'FROM, WHERE' : 'WHERE'} or the end, found ${describe(end)}`,
      );
    }
    return { version: this.version, select, from, where };
  }

  parseTemplateExpression(): { expr: Expr; end: number } {
    const expr = this.parseExpression();
    const close = this.advance();
    if (close.kind !== 'punct' || close.text !== '}') {
      throw this.errorAt(close, `Expected "}" to close the substitution template, found ${describe(close)}`);
    }
    return { expr, end: close.end };
  }

  private parseSelectClause(topLevel: boolean): SelectClause {
    if (this.isWord(this.peek(), 'VALUE') && !this.endsSelectItem(this.peek(1))) {
      this.advance();
      const next = this.peek();
      const expr = this.isPunct(next, '*') ? this.wildcard(this.advance()) : this.parseExpression();
      return { kind: 'value', expr };
    }
    const items: SelectItem[] = [];
    do {
      items.push(this.parseSelectItem(topLevel));
    } while (this.acceptPunct(','));
    return { kind: 'items', items };
  }

  /** `SELECT value FROM ...` reads an attribute named "value", not the VALUE keyword. */
  private endsSelectItem(token: Token): boolean {
    return token.kind === 'eof' || this.isPunct(token, ',') || this.isWord(token, 'FROM') || this.isWord(token, 'AS');
  }

  private parseSelectItem(topLevel: boolean): SelectItem {
    const token = this.peek();
    if (this.isPunct(token, '*')) {
      this.advance();
      if (!topLevel) throw this.errorAt(token, '"*" is not allowed in a nested query');
      return { kind: 'all', span: { start: token.start, end: token.end } };
    }
    const expr = this.parseExpression();
    let key: readonly string[];
    if (this.acceptWord('AS')) {
      key = this.parseAlias();
    } else {
      key = [this.derivedKey(expr)];
    }
    return { kind: 'item', expr, key, span: expr.span };
  }

  private parseAlias(): string[] {
    const first = this.advance();
    if (first.kind === 'string') return [first.value];
    if (first.kind !== 'name') throw this.errorAt(first, `Expected an alias after AS, found ${describe(first)}`);
    const path = [first.text];
    while (this.isPunct(this.peek(), '.')) {
      this.advance();
      path.push(this.expectName('alias segment'));
    }
    return path;
  }

  /** Output key of an item without alias: the last name of a path, a function's name, else the SQL text. */
  private derivedKey(expr: Expr): string {
    switch (expr.kind) {
      case 'attribute':
      case 'member':
        return expr.name;
      case 'call':
        return this.source.slice(expr.span.start, expr.span.start + expr.name.length);
      default:
        return this.source.slice(expr.span.start, expr.span.end);
    }
  }

  parseExpression(): Expr {
    let left = this.parseAnd();
    while (this.acceptWord('OR')) left = this.binary('OR', left, this.parseAnd());
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.acceptWord('AND')) left = this.binary('AND', left, this.parseNot());
    return left;
  }

  private parseNot(): Expr {
    const token = this.peek();
    if (this.isWord(token, 'NOT')) {
      this.advance();
      const operand = this.parseNot();
      return { kind: 'not', operand, span: { start: token.start, end: operand.span.end } };
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    let left = this.parseAdditive();
    for (;;) {
      const token = this.peek();
      if (token.kind === 'name' && UNSUPPORTED_OPERATORS.has(token.text.toUpperCase())) {
        throw this.errorAt(token, `The ${token.text.toUpperCase()} operator is not supported`);
      }
      if (token.kind !== 'punct' || !COMPARISONS.has(token.text)) return left;
      this.advance();
      const operator = (token.text === '!=' ? '<>' : token.text) as BinaryOperator;
      left = this.binary(operator, left, this.parseAdditive());
    }
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    for (;;) {
      const token = this.peek();
      if (!this.isPunct(token, '+') && !this.isPunct(token, '-')) return left;
      this.advance();
      left = this.binary(token.text as BinaryOperator, left, this.parseMultiplicative());
    }
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      if (!this.isPunct(token, '*') && !this.isPunct(token, '/') && !this.isPunct(token, '%')) return left;
      this.advance();
      left = this.binary(token.text as BinaryOperator, left, this.parseUnary());
    }
  }

  private parseUnary(): Expr {
    const token = this.peek();
    // `1 + NOT a = b` reads as `1 + (NOT (a = b))`, as yacc-style SQL grammars do.
    if (this.isWord(token, 'NOT')) return this.parseNot();
    if (this.isPunct(token, '-')) {
      this.advance();
      const operand = this.parseUnary();
      const span = { start: token.start, end: operand.span.end };
      if (operand.kind === 'literal' && typeof operand.value === 'number') {
        return { kind: 'literal', value: -operand.value + 0, span };
      }
      if (operand.kind === 'literal' && operand.value instanceof WholeDecimal) {
        return { kind: 'literal', value: decimal2015(-operand.value.value), span };
      }
      return { kind: 'negate', operand, span };
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expr {
    let expr = this.parsePrimary();
    for (;;) {
      const token = this.peek();
      if (this.isPunct(token, '.')) {
        this.advance();
        const nameToken = this.advance();
        if (nameToken.kind !== 'name') {
          throw this.errorAt(nameToken, `Expected an attribute name after ".", found ${describe(nameToken)}`);
        }
        expr = {
          kind: 'member',
          object: expr,
          name: nameToken.text,
          span: { start: expr.span.start, end: nameToken.end },
        };
      } else if (this.isPunct(token, '[')) {
        this.advance();
        const index = this.parseExpression();
        const close = this.expectPunct(']');
        expr = { kind: 'index', object: expr, index, span: { start: expr.span.start, end: close.end } };
      } else {
        return expr;
      }
    }
  }

  private parsePrimary(): Expr {
    const token = this.advance();
    const span = { start: token.start, end: token.end };
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: this.numberLiteral(token), span };
      case 'string':
        return { kind: 'literal', value: token.value, span };
      case 'name':
        return this.parseNamePrimary(token);
      case 'punct':
        if (token.text === '(') return this.parseParenthesized(token);
        if (token.text === '{') return this.parseObjectLiteral(token);
        if (token.text === '[') return this.parseArrayLiteral(token);
        break;
      case 'eof':
        break;
    }
    throw this.errorAt(token, `Expected an expression, found ${describe(token)}`);
  }

  private numberLiteral(token: Token): Value {
    const text = token.text;
    const n = Number(text);
    if (!Number.isFinite(n)) throw this.errorAt(token, `The number ${text} is out of range`);
    const isDecimal = /[.eE]/.test(text);
    if (!isDecimal) return n;
    return (this.is2016 ? decimal2016 : decimal2015)(n);
  }

  private parseNamePrimary(token: Token): Expr {
    const upper = token.text.toUpperCase();
    const span = { start: token.start, end: token.end };
    if (upper === 'TRUE') return { kind: 'literal', value: true, span };
    if (upper === 'FALSE') return { kind: 'literal', value: false, span };
    if (upper === 'NULL') return { kind: 'literal', value: null, span };
    if (upper === 'CASE') return this.parseCase(token);
    if (this.isPunct(this.peek(), '(')) return this.parseCall(token);
    if (KEYWORDS.has(upper)) throw this.errorAt(token, `Expected an expression, found the keyword ${upper}`);
    return { kind: 'attribute', name: token.text, span };
  }

  private parseCall(nameToken: Token): Expr {
    const name = nameToken.text.toLowerCase();
    this.expectPunct('(');
    if (name === 'cast') return this.parseCast(nameToken);
    const args: Expr[] = [];
    if (!this.isPunct(this.peek(), ')')) {
      do {
        const token = this.peek();
        const next = this.peek(1);
        if (this.isPunct(token, '*') && (this.isPunct(next, ',') || this.isPunct(next, ')'))) {
          args.push(this.wildcard(this.advance()));
        } else {
          args.push(this.parseExpression());
        }
      } while (this.acceptPunct(','));
    }
    const close = this.expectPunct(')');
    const expr: Expr = { kind: 'call', name, args, span: { start: nameToken.start, end: close.end } };
    this.checkCall(nameToken, name, args);
    return expr;
  }

  private checkCall(nameToken: Token, name: string, args: readonly Expr[]): void {
    const unsupported = unsupportedFunctionReason(name);
    if (unsupported) throw this.errorAt(nameToken, unsupported);
    const fn = lookupFunction(name);
    if (!fn) throw this.errorAt(nameToken, `Unknown function ${nameToken.text}()`);
    if (fn.since === '2016-03-23' && !this.is2016) throw this.errorAt(nameToken, `Function ${fn.name}() ${NEEDS_2016}`);
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const expected =
        fn.minArgs === fn.maxArgs
          ? `${fn.minArgs}`
          : fn.maxArgs === Number.POSITIVE_INFINITY
            ? `at least ${fn.minArgs}`
            : `${fn.minArgs} to ${fn.maxArgs}`;
      throw this.errorAt(
        nameToken,
        `Function ${fn.name}() takes ${expected} argument${expected === '1' ? '' : 's'}, got ${args.length}`,
      );
    }
    const problem = fn.check?.(args);
    if (problem) throw this.errorAt(nameToken, `${fn.name}(): ${problem}`);
  }

  private parseCast(nameToken: Token): Expr {
    const value = this.parseExpression();
    this.expectWord('AS');
    const typeToken = this.advance();
    const cast = typeToken.kind === 'name' ? CAST_TYPES[typeToken.text.toLowerCase()] : undefined;
    if (!cast) throw this.errorAt(typeToken, `Unknown type for cast: ${describe(typeToken)}`);
    if (cast.since2016 && !this.is2016) throw this.errorAt(typeToken, `cast(... AS ${typeToken.text}) ${NEEDS_2016}`);
    const close = this.expectPunct(')');
    return { kind: 'cast', value, type: cast.type, span: { start: nameToken.start, end: close.end } };
  }

  private parseCase(caseToken: Token): Expr {
    const subject = this.parseExpression();
    const branches: CaseBranch[] = [];
    while (this.acceptWord('WHEN')) {
      const when = this.parseExpression();
      this.expectWord('THEN');
      branches.push({ when, result: this.parseExpression() });
    }
    if (branches.length === 0)
      throw this.errorAt(this.peek(), `CASE needs at least one WHEN, found ${describe(this.peek())}`);
    const otherwise = this.acceptWord('ELSE') ? this.parseExpression() : undefined;
    const end = this.expectWord('END');
    return { kind: 'case', subject, branches, otherwise, span: { start: caseToken.start, end: end.end } };
  }

  private parseParenthesized(open: Token): Expr {
    if (this.isWord(this.peek(), 'SELECT')) return this.parseSubquery(open);
    const inner = this.parseExpression();
    const close = this.expectPunct(')');
    return { ...inner, span: { start: open.start, end: close.end } } as Expr;
  }

  private parseSubquery(open: Token): Expr {
    const selectToken = this.advance();
    if (!this.is2016) throw this.errorAt(selectToken, `Nested queries ${NEEDS_2016}`);
    const select = this.parseSelectClause(false);
    const fromToken = this.peek();
    this.expectWord('FROM');
    if (this.peek().kind === 'string') {
      throw this.errorAt(this.peek(), 'FROM in a nested query takes an attribute path, not a topic filter');
    }
    const from = this.parseExpression();
    if (from.kind !== 'attribute' && from.kind !== 'member' && from.kind !== 'index' && from.kind !== 'call') {
      throw this.errorAt(fromToken, 'FROM in a nested query takes an attribute path');
    }
    const where = this.acceptWord('WHERE') ? this.parseExpression() : undefined;
    const close = this.expectPunct(')');
    return { kind: 'subquery', select, from, where, span: { start: open.start, end: close.end } };
  }

  private parseObjectLiteral(open: Token): Expr {
    if (!this.is2016) throw this.errorAt(open, `Object literals ${NEEDS_2016}`);
    const entries: ObjectEntry[] = [];
    if (!this.isPunct(this.peek(), '}')) {
      do {
        const keyToken = this.advance();
        if (keyToken.kind !== 'string' && keyToken.kind !== 'name') {
          throw this.errorAt(keyToken, `Expected an object key, found ${describe(keyToken)}`);
        }
        this.expectPunct(':');
        entries.push({
          key: keyToken.kind === 'string' ? keyToken.value : keyToken.text,
          value: this.parseExpression(),
        });
      } while (this.acceptPunct(','));
    }
    const close = this.expectPunct('}');
    return { kind: 'object', entries, span: { start: open.start, end: close.end } };
  }

  private parseArrayLiteral(open: Token): Expr {
    if (!this.is2016) throw this.errorAt(open, `Array literals ${NEEDS_2016}`);
    const items: Expr[] = [];
    if (!this.isPunct(this.peek(), ']')) {
      do {
        items.push(this.parseExpression());
      } while (this.acceptPunct(','));
    }
    const close = this.expectPunct(']');
    return { kind: 'array', items, span: { start: open.start, end: close.end } };
  }

  private wildcard(token: Token): Expr {
    return { kind: 'wildcard', span: { start: token.start, end: token.end } };
  }

  private binary(operator: BinaryOperator, left: Expr, right: Expr): Expr {
    const span: Span = { start: left.span.start, end: right.span.end };
    return { kind: 'binary', operator, left, right, span };
  }

  private peek(ahead = 0): Token {
    while (this.lookahead.length <= ahead) this.lookahead.push(this.lexer.next());
    return this.lookahead[ahead] as Token;
  }

  private advance(): Token {
    const token = this.peek();
    this.lookahead.shift();
    return token;
  }

  private isWord(token: Token, word: string): boolean {
    return token.kind === 'name' && token.text.toUpperCase() === word;
  }

  private isPunct(token: Token, text: string): boolean {
    return token.kind === 'punct' && token.text === text;
  }

  private acceptWord(word: string): boolean {
    if (!this.isWord(this.peek(), word)) return false;
    this.advance();
    return true;
  }

  private acceptPunct(text: string): boolean {
    if (!this.isPunct(this.peek(), text)) return false;
    this.advance();
    return true;
  }

  private expectWord(word: string): Token {
    const token = this.advance();
    if (!this.isWord(token, word)) throw this.errorAt(token, `Expected ${word}, found ${describe(token)}`);
    return token;
  }

  private expectPunct(text: string): Token {
    const token = this.advance();
    if (!this.isPunct(token, text)) throw this.errorAt(token, `Expected "${text}", found ${describe(token)}`);
    return token;
  }

  private expectName(what: string): string {
    const token = this.advance();
    if (token.kind !== 'name') throw this.errorAt(token, `Expected ${what}, found ${describe(token)}`);
    return token.text;
  }

  private errorAt(token: Token, reason: string): SqlParseError {
    return this.lexer.error(reason, token.start);
  }
}

function describe(token: Token): string {
  if (token.kind === 'eof') return 'the end of the statement';
  if (token.kind === 'string') return `the string ${token.text}`;
  if (token.kind === 'number') return `the number ${token.text}`;
  if (token.kind === 'name')
    return KEYWORDS.has(token.text.toUpperCase()) ? token.text.toUpperCase() : `"${token.text}"`;
  return `"${token.text}"`;
}
