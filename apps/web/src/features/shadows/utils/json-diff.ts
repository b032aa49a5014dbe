import { formatPath, isJsonObject, type JsonValue, jsonEqual } from './json';

export interface DiffEntry {
  /** Where the change is, e.g. `desired.color` (see `formatPath`). */
  path: string;
  change: 'added' | 'removed' | 'changed';
  /** Absent for `added`. */
  before?: JsonValue;
  /** Absent for `removed`. */
  after?: JsonValue;
}

function walk(before: JsonValue | undefined, after: JsonValue | undefined, keys: string[], out: DiffEntry[]): void {
  if (isJsonObject(before) && isJsonObject(after)) {
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const name of names) {
      const had = Object.hasOwn(before, name);
      const has = Object.hasOwn(after, name);
      walk(had ? before[name] : undefined, has ? after[name] : undefined, [...keys, name], out);
    }
    return;
  }
  if (before === undefined && after === undefined) return;
  const path = formatPath(keys);
  if (before === undefined) out.push({ path, change: 'added', after });
  else if (after === undefined) out.push({ path, change: 'removed', before });
  else if (!jsonEqual(before, after)) out.push({ path, change: 'changed', before, after });
}

/**
 * What changed from `before` to `after`: objects are compared member by member (paths in name
 * order), anything else, arrays included, as a whole value, as the shadow service merges them.
 */
export function diffJson(before: JsonValue | undefined, after: JsonValue | undefined): DiffEntry[] {
  const out: DiffEntry[] = [];
  walk(before, after, [], out);
  return out;
}
