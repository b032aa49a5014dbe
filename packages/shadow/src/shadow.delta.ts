import { isJsonObject, type JsonObject, jsonEqual, ownValue, setOwn } from './json.js';
import { isMetadataObject, type MetadataObject } from './shadow.metadata.js';

export interface Delta {
  state: JsonObject;
  /** The desired-side metadata of the keys in `state`. */
  metadata: MetadataObject;
}

function deltaOf(desired: JsonObject, reported: JsonObject | undefined, metadata: MetadataObject | undefined): Delta {
  const delta: Delta = { state: {}, metadata: {} };
  for (const [key, wanted] of Object.entries(desired)) {
    const actual = ownValue(reported, key);
    const keyMetadata = ownValue(metadata, key);
    if (isJsonObject(wanted) && isJsonObject(actual)) {
      const nested = deltaOf(wanted, actual, isMetadataObject(keyMetadata) ? keyMetadata : undefined);
      if (Object.keys(nested.state).length === 0) continue;
      setOwn(delta.state, key, nested.state);
      setOwn(delta.metadata, key, nested.metadata);
    } else if (actual === undefined || !jsonEqual(wanted, actual)) {
      setOwn(delta.state, key, wanted);
      if (keyMetadata !== undefined) setOwn(delta.metadata, key, keyMetadata);
    }
  }
  return delta;
}

/**
 * The delta of a shadow (§1.6): every desired leaf that reported lacks or holds with a different
 * value, with its full path; nested objects recurse, arrays compare as whole values, keys only in
 * reported never appear. `undefined` when there is no difference.
 */
export function computeDelta(
  desired: JsonObject | undefined,
  reported: JsonObject | undefined,
  desiredMetadata: MetadataObject | undefined,
): Delta | undefined {
  if (desired === undefined) return undefined;
  const delta = deltaOf(desired, reported, desiredMetadata);
  return Object.keys(delta.state).length === 0 ? undefined : delta;
}
