/**
 * Tokenizer shared by the Joda-Time patterns of `parse_time` and the java.time patterns of
 * `time_to_epoch`: runs of one letter are fields, text in single quotes is literal (`''` is a quote),
 * any other character is literal.
 */
export type PatternPart =
  | { readonly kind: 'field'; readonly letter: string; readonly count: number }
  | { readonly kind: 'literal'; readonly text: string };

export function tokenizeDatePattern(pattern: string): PatternPart[] | string {
  const parts: PatternPart[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i] as string;
    if (/[A-Za-z]/.test(ch)) {
      let end = i + 1;
      while (pattern[end] === ch) end++;
      parts.push({ kind: 'field', letter: ch, count: end - i });
      i = end;
    } else if (ch === "'") {
      if (pattern[i + 1] === "'") {
        parts.push({ kind: 'literal', text: "'" });
        i += 2;
        continue;
      }
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) return 'unterminated quote in the date pattern';
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
      parts.push({ kind: 'literal', text });
      i = j + 1;
    } else {
      parts.push({ kind: 'literal', text: ch });
      i++;
    }
  }
  return parts;
}
