/** Token kinds of a compiled glob: literal text, `*` (any run of characters, also empty) and `?` (one character). */
export const TEXT = 0;
export const STAR = 1;
export const ONE = 2;

const COLON = 0x3a;

/**
 * A literal run compiled for globMatch: a sticky RegExp compares it at a position in native code, several
 * times faster than a JavaScript loop or startsWith for the long ARN prefixes policies start with. It is
 * a pure literal, so it cannot backtrack.
 */
export function literalMatcher(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'y');
}

function regionEquals(subject: string, position: number, text: string): boolean {
  const length = text.length;
  if (position + length > subject.length) return false;
  for (let i = 0; i < length; i++) if (subject.charCodeAt(position + i) !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * IAM string globbing of `subject` against a token list, without allocating: `kinds[i]` says what
 * token i is; a TEXT token is matched with `literals[i]` (see literalMatcher) when it has one, else
 * against `texts[i]` (substituted variable values; may be empty). Everything that is not a wildcard
 * token is matched literally and case-sensitively, so `+` and `#` have no meaning here.
 *
 * `guardEnd`: colons of `subject` before this index cannot be matched by a wildcard. ArnLike passes the
 * index after the fifth colon so each of the first five ARN components is globbed on its own.
 *
 * Greedy matching that, on a mismatch, lets the most recent `*` take one more character; with only `*`
 * and `?` that is complete and runs in O(|pattern| × |subject|) at worst (no regular-expression
 * backtracking, whatever the policy author wrote).
 */
export function globMatch(
  kinds: ArrayLike<number>,
  texts: readonly string[],
  literals: readonly (RegExp | undefined)[],
  subject: string,
  guardEnd = 0,
): boolean {
  const count = kinds.length;
  const length = subject.length;
  let token = 0;
  let position = 0;
  let starToken = -1;
  let starPosition = 0;
  for (;;) {
    if (token < count) {
      const kind = kinds[token];
      if (kind === STAR) {
        starToken = token;
        starPosition = position;
        token++;
        continue;
      }
      if (kind === ONE) {
        if (position < length && (position >= guardEnd || subject.charCodeAt(position) !== COLON)) {
          position++;
          token++;
          continue;
        }
      } else {
        const literal = literals[token];
        const text = texts[token]!;
        let matched: boolean;
        if (literal === undefined) matched = regionEquals(subject, position, text);
        else {
          literal.lastIndex = position;
          matched = literal.test(subject);
        }
        if (matched) {
          position += text.length;
          token++;
          continue;
        }
      }
    } else if (position === length) {
      return true;
    }
    if (starToken < 0 || starPosition >= length) return false;
    if (starPosition < guardEnd && subject.charCodeAt(starPosition) === COLON) return false;
    starPosition++;
    position = starPosition;
    token = starToken + 1;
  }
}
