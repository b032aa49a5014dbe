/** A JSON value as the shadow service stores it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON value equality: objects key-order-insensitive, arrays element-wise. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]))
    );
  }
  return false;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `a.b["odd key"][2]` for the keys (array indexes as numbers) from the root; `(root)` for none. */
export function formatPath(keys: readonly (string | number)[]): string {
  if (keys.length === 0) return '(root)';
  return keys
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      if (PLAIN_KEY.test(key)) return index === 0 ? key : `.${key}`;
      return `[${JSON.stringify(key)}]`;
    })
    .join('');
}

/** A shadow section as the API types it (`Record<string, unknown>`): the server only sends JSON. */
export function jsonSection(section: Record<string, unknown> | undefined): JsonObject | undefined {
  return section as JsonObject | undefined;
}

/** The stored sections of a shadow document as one object, to diff documents (the delta follows from them). */
export function storedSections(state: { desired?: Record<string, unknown>; reported?: Record<string, unknown> }) {
  const sections: JsonObject = {};
  if (state.desired !== undefined) sections.desired = state.desired as JsonObject;
  if (state.reported !== undefined) sections.reported = state.reported as JsonObject;
  return sections;
}
