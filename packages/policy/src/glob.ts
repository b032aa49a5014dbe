/** Token kinds of a compiled glob: literal text, `*` (any run of characters, also empty) and `?` (one character). */
export const TEXT = 0;
export const STAR = 1;
export const ONE = 2;

const COLON = 0x3a;

/**
 * IAM string globbing of `subject` against a token list, without allocating: `kinds[i]` says what
 * token i is and `texts[i]` holds its literal text (TEXT tokens only; may be empty). Everything that is
 * not a wildcard token is matched literally and case-sensitively, so `+` and `#` have no meaning here.
 *
 * `guardEnd`: colons of `subject` before this index cannot be matched by a wildcard. ArnLike passes the
 * index after the fifth colon so each of the first five ARN components is globbed on its own.
 *
 * Greedy matching that, on a mismatch, lets the most recent `*` take one more character; with only `*`
 * and `?` that is complete and runs in O(|pattern| × |subject|) at worst.
 */
export function globMatch(kinds: ArrayLike<number>, texts: readonly string[], subject: string, guardEnd = 0): boolean {
  const count = kinds.length;
  const length = subject.length;
  let token = 0;
  let offset = 0;
  let position = 0;
  let starToken = -1;
  let starPosition = 0;
  for (;;) {
    while (token < count && kinds[token] === TEXT && offset >= texts[token]!.length) {
      token++;
      offset = 0;
    }
    if (position === length) break;
    if (token < count) {
      const kind = kinds[token];
      if (kind === STAR) {
        starToken = token;
        starPosition = position;
        token++;
        continue;
      }
      const char = subject.charCodeAt(position);
      if (kind === ONE) {
        if (char !== COLON || position >= guardEnd) {
          position++;
          token++;
          continue;
        }
      } else if (texts[token]!.charCodeAt(offset) === char) {
        position++;
        offset++;
        continue;
      }
    }
    if (starToken < 0) return false;
    if (subject.charCodeAt(starPosition) === COLON && starPosition < guardEnd) return false;
    starPosition++;
    position = starPosition;
    token = starToken + 1;
    offset = 0;
  }
  for (; token < count; token++, offset = 0) {
    if (kinds[token] === STAR) continue;
    if (kinds[token] === TEXT && offset >= texts[token]!.length) continue;
    return false;
  }
  return true;
}
