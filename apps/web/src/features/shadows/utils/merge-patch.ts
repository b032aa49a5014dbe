import { isJsonObject, type JsonObject, jsonEqual } from './json';

/**
 * The update that turns the stored `before` into `after` under the shadow's merge rules: new and
 * changed members carry their value, members that are gone are `null` (which removes them), nested
 * objects recurse, arrays are sent whole. Empty when nothing changed.
 */
export function mergePatch(before: JsonObject, after: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const key of Object.keys(before)) {
    if (!Object.hasOwn(after, key)) patch[key] = null;
  }
  for (const [key, value] of Object.entries(after)) {
    const old = Object.hasOwn(before, key) ? before[key] : undefined;
    if (isJsonObject(old) && isJsonObject(value)) {
      const nested = mergePatch(old, value);
      if (Object.keys(nested).length > 0) patch[key] = nested;
    } else if (old === undefined || !jsonEqual(old, value)) {
      patch[key] = value;
    }
  }
  return patch;
}
