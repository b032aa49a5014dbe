import { isJsonObject, type JsonObject, ownValue, setOwn } from './json.js';
import { isMetadataObject, type MetadataObject, metadataOf } from './shadow.metadata.js';

/** One section (`desired` or `reported`) of a stored shadow with its metadata; absent when empty. */
export interface StoredSection {
  state?: JsonObject;
  metadata?: MetadataObject;
}

interface Merged {
  state: JsonObject;
  metadata: MetadataObject;
}

function mergeObject(state: JsonObject, metadata: MetadataObject, patch: JsonObject, timestamp: number): Merged {
  const nextState: JsonObject = { ...state };
  const nextMetadata: MetadataObject = { ...metadata };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete nextState[key];
      delete nextMetadata[key];
    } else if (isJsonObject(value)) {
      const existing = ownValue(nextState, key);
      const existingMetadata = ownValue(nextMetadata, key);
      const merged = isJsonObject(existing)
        ? mergeObject(existing, isMetadataObject(existingMetadata) ? existingMetadata : {}, value, timestamp)
        : mergeObject({}, {}, value, timestamp);
      if (Object.keys(merged.state).length > 0) {
        setOwn(nextState, key, merged.state);
        setOwn(nextMetadata, key, merged.metadata);
      } else if (isJsonObject(existing)) {
        // Removing the last keys of an object removes the object.
        delete nextState[key];
        delete nextMetadata[key];
      }
      // An empty object over a scalar or an absent key writes nothing.
    } else {
      setOwn(nextState, key, value);
      setOwn(nextMetadata, key, metadataOf(value, timestamp));
    }
  }
  return { state: nextState, metadata: nextMetadata };
}

/**
 * Merges a request section into the stored one (§1.3): objects merge key by key, `null` removes a
 * key with its metadata, scalars and arrays replace whatever was there (arrays whole), a `null`
 * section drops the section. Every leaf written gets `timestamp`; untouched leaves keep theirs.
 * Objects left without keys are dropped, and so is a section left empty.
 */
export function mergeSection(
  stored: StoredSection,
  patch: JsonObject | null | undefined,
  timestamp: number,
): StoredSection {
  if (patch === undefined) return stored;
  if (patch === null) return {};
  const merged = mergeObject(stored.state ?? {}, stored.metadata ?? {}, patch, timestamp);
  return Object.keys(merged.state).length === 0 ? {} : merged;
}
