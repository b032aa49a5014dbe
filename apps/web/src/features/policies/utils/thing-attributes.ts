export type ParsedAttributes = { ok: true; attributes: Record<string, string> } | { ok: false; error: string };

/** `key=value` per line (blank lines ignored) into an attribute map; the first `=` separates key and value. */
export function parseThingAttributes(text: string): ParsedAttributes {
  const attributes: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const separator = line.indexOf('=');
    if (separator <= 0) return { ok: false, error: `Line ${index + 1}: write each attribute as name=value` };
    attributes[line.slice(0, separator).trim()] = line.slice(separator + 1).trim();
  }
  return { ok: true, attributes };
}
