import { positionAt, SqlParseError } from './sql-parse-error.js';

export type TokenKind = 'name' | 'string' | 'number' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Source text; for punctuation the operator itself (`<=`, `(`), for names the name as written. */
  readonly text: string;
  /** Decoded content of a string literal. */
  readonly value: string;
  /** The quote character of a string literal. */
  readonly quote: '' | "'" | '"';
  readonly start: number;
  readonly end: number;
}

const TWO_CHAR_PUNCT = new Set(['<>', '!=', '<=', '>=']);
const ONE_CHAR_PUNCT = new Set(['(', ')', ',', '.', '[', ']', '{', '}', ':', '*', '/', '%', '+', '-', '=', '<', '>']);
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  '/': '/',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Splits IoT SQL into tokens on demand, so a substitution template can stop at the `}` that closes
 * its expression without tokenizing the rest of the text.
 */
export class Lexer {
  private offset: number;

  constructor(
    readonly source: string,
    start = 0,
  ) {
    this.offset = start;
  }

  error(reason: string, offset: number): SqlParseError {
    return new SqlParseError(reason, positionAt(this.source, offset));
  }

  next(): Token {
    this.skipWhitespace();
    const { source } = this;
    const start = this.offset;
    if (start >= source.length) return this.token('eof', start, start, '');
    const ch = source[start] as string;
    if (ch === "'" || ch === '"') return this.readString(ch);
    if (ch >= '0' && ch <= '9') return this.readWith(NUMBER, 'number');
    if (/[A-Za-z_]/.test(ch)) return this.readWith(NAME, 'name');
    const two = source.slice(start, start + 2);
    if (TWO_CHAR_PUNCT.has(two)) {
      this.offset += 2;
      return this.token('punct', start, start + 2, '');
    }
    if (ONE_CHAR_PUNCT.has(ch)) {
      this.offset += 1;
      return this.token('punct', start, start + 1, '');
    }
    if (ch === ';') throw this.error('Unexpected ";": a rule holds a single SELECT statement', start);
    if (source.startsWith('--', start) || source.startsWith('/*', start)) {
      throw this.error('Comments are not supported in AWS IoT SQL', start);
    }
    throw this.error(`Unexpected character ${JSON.stringify(ch)}`, start);
  }

  private skipWhitespace(): void {
    const { source } = this;
    while (this.offset < source.length && /\s/.test(source[this.offset] as string)) this.offset++;
  }

  private token(kind: TokenKind, start: number, end: number, value: string, quote: Token['quote'] = ''): Token {
    return { kind, text: this.source.slice(start, end), value, quote, start, end };
  }

  private readWith(pattern: RegExp, kind: TokenKind): Token {
    const start = this.offset;
    pattern.lastIndex = start;
    const match = pattern.exec(this.source);
    const end = start + (match?.[0].length ?? 1);
    this.offset = end;
    if (kind === 'number' && /[A-Za-z_]/.test(this.source[end] ?? '')) {
      throw this.error(`Invalid number ${JSON.stringify(this.source.slice(start, end + 1))}`, start);
    }
    return this.token(kind, start, end, '');
  }

  /**
   * Single- and double-quoted strings are both string literals. A doubled quote stands for itself
   * (`'it''s'`); `\\`, `\'`, `\"`, `\/`, `\n`, `\r`, `\t` and `\uXXXX` are escapes; any other backslash is
   * kept as written, so regular expressions such as "\d+" need no doubling.
   */
  private readString(quote: "'" | '"'): Token {
    const { source } = this;
    const start = this.offset;
    let value = '';
    let i = start + 1;
    while (i < source.length) {
      const ch = source[i] as string;
      if (ch === quote) {
        if (source[i + 1] === quote) {
          value += quote;
          i += 2;
          continue;
        }
        this.offset = i + 1;
        return this.token('string', start, i + 1, value, quote);
      }
      if (ch === '\\' && i + 1 < source.length) {
        const next = source[i + 1] as string;
        const escaped = ESCAPES[next];
        if (escaped !== undefined) {
          value += escaped;
          i += 2;
          continue;
        }
        const hex = next === 'u' ? source.slice(i + 2, i + 6) : '';
        if (/^[0-9a-fA-F]{4}$/.test(hex)) {
          value += String.fromCharCode(Number.parseInt(hex, 16));
          i += 6;
          continue;
        }
      }
      value += ch;
      i++;
    }
    throw this.error(`Unterminated string literal: missing closing ${quote}`, start);
  }
}
