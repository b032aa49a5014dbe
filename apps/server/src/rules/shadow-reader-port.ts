import type { ThingShadowReader, Value } from '@meridian/rules';
import {
  defaultShadowLimits,
  getAcceptedDocument,
  isValidShadowName,
  isValidThingName,
  type LoadedShadow,
  type ShadowKey,
} from '@meridian/shadow';

/** A shadow store that reads synchronously, as the SQLite one does (a row cache before a prepared query). */
export interface SyncShadowSource {
  load(key: ShadowKey): LoadedShadow;
}

const epochSeconds = () => Math.floor(Date.now() / 1000);

/**
 * `get_thing_shadow()`'s port: the current document of a classic or named shadow as GetThingShadow
 * answers it (state with its delta, metadata, version, timestamp), or Undefined when the shadow does
 * not exist, was deleted, or the names are not valid shadow names. SQL runs synchronously in the
 * publish tap, so the read must be synchronous too.
 */
export function thingShadowReader(source: SyncShadowSource, clock: () => number = epochSeconds): ThingShadowReader {
  return (thingName, shadowName) => {
    if (!isValidThingName(thingName, defaultShadowLimits)) return undefined;
    if (shadowName !== undefined && !isValidShadowName(shadowName, defaultShadowLimits)) return undefined;
    const { shadow } = source.load(shadowName === undefined ? { thingName } : { thingName, shadowName });
    if (shadow === undefined) return undefined;
    // Plain JSON parsed from the stored row: a valid SQL value.
    return getAcceptedDocument(shadow, clock()) as unknown as Value;
  };
}
