const MAX_CACHED = 256;
const cache = new Map<string, RegExp | null>();

/**
 * Compiles a rule's regular expression once (rules reuse the same few patterns on every message).
 * AWS uses Java's dialect; JavaScript's is close for common patterns. Leading inline flags such as `(?i)`
 * are turned into JavaScript flags. Invalid patterns give null.
 */
export function compileRegex(pattern: string, global: boolean): RegExp | null {
  const key = `${global ? 'g' : '-'}${pattern}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const regex = buildRegex(pattern, global);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, regex);
  return regex;
}

function buildRegex(pattern: string, global: boolean): RegExp | null {
  let flags = global ? 'g' : '';
  let source = pattern;
  const inline = /^\(\?([imsx]+)\)/.exec(pattern);
  if (inline) {
    const requested = inline[1] as string;
    if (requested.includes('x')) return null;
    flags += [...new Set(requested)].join('');
    source = pattern.slice(inline[0].length);
  }
  try {
    return new RegExp(source, flags);
  } catch {
    return null;
  }
}
