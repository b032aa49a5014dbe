import type { LiveTimeseriesRow } from '@meridian/contracts';
import type { TimeseriesRow } from '@meridian/rules';
import { numericMembers } from './sqlite-timeseries-store.js';

export type TimeseriesRowListener = (row: LiveTimeseriesRow) => void;

/**
 * Rows just stored by timeseries actions, for console sockets watching their device keys. A row is
 * turned into a frame only when someone watches its key, so an unwatched store pays one map lookup.
 */
export class TimeseriesFeed {
  private readonly listeners = new Map<string, Set<TimeseriesRowListener>>();

  /** Calls `listener` for every stored row of `deviceKey`; returns the function that stops it. */
  watch(deviceKey: string, listener: TimeseriesRowListener): () => void {
    let set = this.listeners.get(deviceKey);
    if (!set) {
      set = new Set();
      this.listeners.set(deviceKey, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(deviceKey);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) this.listeners.delete(deviceKey);
    };
  }

  /** Announces a committed row. Rows without a numeric member are not announced. */
  stored(row: TimeseriesRow): void {
    const set = this.listeners.get(row.deviceKey);
    if (!set) return;
    const members = numericMembers(row.values);
    if (members.length === 0) return;
    const frame: LiveTimeseriesRow = {
      type: 'timeseries-row',
      deviceKey: row.deviceKey,
      time: row.time,
      values: Object.fromEntries(members),
    };
    for (const listener of [...set]) {
      try {
        listener(frame);
      } catch {
        // A console socket that fails to take a frame must not fail the action that stored the row.
      }
    }
  }

  get watchedKeys(): number {
    return this.listeners.size;
  }
}
