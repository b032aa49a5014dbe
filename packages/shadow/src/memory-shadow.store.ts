import type { ShadowDocument } from './shadow.document.js';
import type { LoadedShadow, SaveShadow, ShadowKey, ShadowStore } from './shadow.store.js';
import type { Tombstone } from './shadow.update.js';

interface Entry {
  shadow?: ShadowDocument;
  tombstone?: Tombstone;
  /** Oldest first. */
  history: ShadowDocument[];
}

// Stored documents are deep-copied in and out, as a database would, so callers cannot alias them.
const copy = <T>(value: T): T => structuredClone(value);

/** Shadows in memory (tests and single-process setups without persistence). */
export class MemoryShadowStore implements ShadowStore {
  private readonly things = new Map<string, Map<string, Entry>>();

  private entry(key: ShadowKey): Entry | undefined {
    return this.things.get(key.thingName)?.get(key.shadowName ?? '');
  }

  private ensureEntry(key: ShadowKey): Entry {
    let shadows = this.things.get(key.thingName);
    if (shadows === undefined) {
      shadows = new Map();
      this.things.set(key.thingName, shadows);
    }
    let entry = shadows.get(key.shadowName ?? '');
    if (entry === undefined) {
      entry = { history: [] };
      shadows.set(key.shadowName ?? '', entry);
    }
    return entry;
  }

  load(key: ShadowKey): LoadedShadow {
    const entry = this.entry(key);
    const loaded: LoadedShadow = {};
    if (entry?.shadow !== undefined) loaded.shadow = copy(entry.shadow);
    if (entry?.tombstone !== undefined) loaded.tombstone = { ...entry.tombstone };
    return loaded;
  }

  save({ key, document, expectedVersion, keepVersions }: SaveShadow): boolean {
    const entry = this.ensureEntry(key);
    if (entry.shadow?.version !== expectedVersion) return false;
    entry.shadow = copy(document);
    delete entry.tombstone;
    entry.history.push(copy(document));
    if (entry.history.length > keepVersions) entry.history.splice(0, entry.history.length - keepVersions);
    return true;
  }

  delete(key: ShadowKey, expectedVersion: number, deletedAt: number): boolean {
    const entry = this.entry(key);
    if (entry?.shadow === undefined || entry.shadow.version !== expectedVersion) return false;
    entry.tombstone = { version: entry.shadow.version, deletedAt };
    delete entry.shadow;
    entry.history = [];
    return true;
  }

  listNamedShadows(thingName: string, page: { after?: string; limit: number }): string[] {
    const names: string[] = [];
    for (const [name, entry] of this.things.get(thingName) ?? []) {
      if (name !== '' && entry.shadow !== undefined && (page.after === undefined || name > page.after)) {
        names.push(name);
      }
    }
    return names.sort(compareCodeUnits).slice(0, page.limit);
  }

  listVersions(key: ShadowKey, page: { beforeVersion?: number; limit: number }): ShadowDocument[] {
    const history = this.entry(key)?.history ?? [];
    return history
      .filter((document) => page.beforeVersion === undefined || document.version < page.beforeVersion)
      .reverse()
      .slice(0, page.limit)
      .map(copy);
  }

  loadVersion(key: ShadowKey, version: number): ShadowDocument | undefined {
    const found = this.entry(key)?.history.find((document) => document.version === version);
    return found === undefined ? undefined : copy(found);
  }
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
