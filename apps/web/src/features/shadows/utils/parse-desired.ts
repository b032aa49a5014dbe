import { formatPath, isJsonObject, type JsonObject, type JsonValue } from './json';

/** The shadow service's default nesting limit, counting `desired` itself as level 1. */
export const MAX_SHADOW_DEPTH = 6;

export type ParsedDesired = { ok: true; value: JsonObject } | { ok: false; error: string };

function levels(value: JsonValue): number {
  const children = Array.isArray(value) ? value : isJsonObject(value) ? Object.values(value) : undefined;
  if (children === undefined) return 0;
  return 1 + children.reduce<number>((deepest, child) => Math.max(deepest, levels(child)), 0);
}

function firstNull(value: JsonValue, keys: (string | number)[]): (string | number)[] | undefined {
  if (value === null) return keys;
  const entries: [string | number, JsonValue][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : isJsonObject(value)
      ? Object.entries(value)
      : [];
  for (const [key, item] of entries) {
    const found = firstNull(item, [...keys, key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * Checks the editor's text before it is sent as the whole desired state: JSON, an object, no
 * `null` (a stored document has none; leave a key out to remove it) and not nested deeper than the
 * service allows. The service checks again (size included) and has the last word.
 */
export function parseDesired(text: string, maxDepth = MAX_SHADOW_DEPTH): ParsedDesired {
  if (text.trim() === '') return { ok: false, error: 'Enter a JSON object, e.g. {} for no desired state.' };
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    return { ok: false, error: `Invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isJsonObject(value)) return { ok: false, error: 'The desired state must be a JSON object.' };
  const nullAt = firstNull(value, []);
  if (nullAt) return { ok: false, error: `${formatPath(nullAt)} is null: leave the key out to remove it.` };
  if (levels(value) > maxDepth) {
    return { ok: false, error: `JSON contains too many levels of nesting; maximum is ${maxDepth}` };
  }
  return { ok: true, value };
}
