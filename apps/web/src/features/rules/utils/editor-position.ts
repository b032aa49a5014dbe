/**
 * The document range to mark for a parse error at a 1-based line and column: the word (or the one
 * character) there, clamped to the document, so the marker is visible even at the very end.
 */
export function errorRange(text: string, line: number, column: number): { from: number; to: number } {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < Math.min(line, lines.length) - 1; i++) offset += (lines[i]?.length ?? 0) + 1;
  const lineText = lines[Math.min(line, lines.length) - 1] ?? '';
  const start = offset + Math.min(Math.max(column - 1, 0), lineText.length);
  if (start >= text.length) return { from: Math.max(text.length - 1, 0), to: text.length };
  const word = /^[\w$.']+/.exec(text.slice(start))?.[0].length ?? 1;
  return { from: start, to: Math.min(start + Math.max(word, 1), text.length) };
}
