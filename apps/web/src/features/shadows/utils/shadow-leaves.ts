import { formatPath, isJsonObject, type JsonObject, type JsonValue } from './json';

export interface ShadowLeaf {
  path: string;
  value: JsonValue;
  /** Epoch seconds the leaf was last written (for an array, its newest element). */
  timestamp?: number;
}

/** Newest `timestamp` anywhere in a metadata node. */
function newestTimestamp(metadata: unknown): number | undefined {
  if (Array.isArray(metadata)) {
    return metadata.reduce<number | undefined>((newest, item) => {
      const time = newestTimestamp(item);
      return time === undefined ? newest : Math.max(newest ?? time, time);
    }, undefined);
  }
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const record = metadata as Record<string, unknown>;
  if (typeof record.timestamp === 'number') return record.timestamp;
  return newestTimestamp(Object.values(record));
}

function walk(value: JsonObject, metadata: unknown, keys: string[], out: ShadowLeaf[]): void {
  for (const key of Object.keys(value).sort()) {
    const item = value[key] as JsonValue;
    const itemMetadata = isJsonObject(metadata as JsonValue) ? (metadata as Record<string, unknown>)[key] : undefined;
    if (isJsonObject(item) && Object.keys(item).length > 0) {
      walk(item, itemMetadata, [...keys, key], out);
    } else {
      const timestamp = newestTimestamp(itemMetadata);
      out.push({ path: formatPath([...keys, key]), value: item, ...(timestamp === undefined ? {} : { timestamp }) });
    }
  }
}

/**
 * The leaves of a shadow section (objects are walked, arrays and scalars are leaves) in path order,
 * each with the time from the section's per-leaf metadata.
 */
export function leavesOf(section: JsonObject | undefined, metadata: unknown): ShadowLeaf[] {
  const out: ShadowLeaf[] = [];
  if (section) walk(section, metadata, [], out);
  return out;
}
