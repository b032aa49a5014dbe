import type { LiveMessage } from '@meridian/contracts';

export type FormattedPayload =
  /** Valid JSON, re-indented (numbers and strings kept exactly as sent). */
  | { kind: 'json'; text: string }
  /** UTF-8 text that is not JSON, shown as is. */
  | { kind: 'text'; text: string }
  /** Not valid UTF-8: the server sends base64, shown as is. */
  | { kind: 'base64'; text: string; bytes: number };

export function formatPayload(payload: string, encoding: LiveMessage['payloadEncoding']): FormattedPayload {
  if (encoding === 'base64') return { kind: 'base64', text: payload, bytes: base64ByteLength(payload) };
  if (payload.trim() !== '') {
    try {
      JSON.parse(payload);
      return { kind: 'json', text: reindentJson(payload) };
    } catch {
      // Not JSON after all: fall through to text.
    }
  }
  return { kind: 'text', text: payload };
}

/** Decoded size of a base64 string. */
export function base64ByteLength(base64: string): number {
  const clean = base64.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * Pretty-prints *valid* JSON by re-indenting its tokens instead of `JSON.stringify(JSON.parse())`,
 * so values are shown exactly as the device sent them (no precision loss on big integers, `1.0`
 * stays `1.0`).
 */
export function reindentJson(source: string, indent = '  '): string {
  let out = '';
  let depth = 0;
  let i = 0;
  const newline = () => `\n${indent.repeat(depth)}`;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === '"') {
      let end = i + 1;
      while (end < source.length && source[end] !== '"') end += source[end] === '\\' ? 2 : 1;
      out += source.slice(i, end + 1);
      i = end + 1;
    } else if (WHITESPACE.has(ch)) {
      i += 1;
    } else if (ch === '{' || ch === '[') {
      let next = i + 1;
      while (next < source.length && WHITESPACE.has(source[next] as string)) next += 1;
      if (source[next] === (ch === '{' ? '}' : ']')) {
        out += ch === '{' ? '{}' : '[]';
        i = next + 1;
      } else {
        depth += 1;
        out += ch + newline();
        i += 1;
      }
    } else if (ch === '}' || ch === ']') {
      depth -= 1;
      out += newline() + ch;
      i += 1;
    } else if (ch === ',') {
      out += `,${newline()}`;
      i += 1;
    } else if (ch === ':') {
      out += ': ';
      i += 1;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}
