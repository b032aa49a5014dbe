import { DomainError } from '@meridian/contracts';

/** Where something is in the SQL text: 0-based offset, 1-based line and column. */
export interface SourcePosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** SQL that does not parse, or uses something its SQL version does not have. The console shows it inline. */
export class SqlParseError extends Error {
  override readonly name = 'SqlParseError';

  constructor(
    /** The reason alone, without the position. */
    readonly reason: string,
    readonly position: SourcePosition,
  ) {
    super(`${reason} (line ${position.line}, column ${position.column})`);
  }

  get line(): number {
    return this.position.line;
  }

  get column(): number {
    return this.position.column;
  }

  toDomainError(): DomainError {
    return new DomainError('SqlParseException', this.message);
  }
}

export function positionAt(source: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}
