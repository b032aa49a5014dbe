import { DomainError } from '@meridian/contracts';
import type { Db } from '../db/database.js';

interface HintRow {
  shadow_key: string;
  hint: string;
}

const isForeignKeyViolation = (error: unknown) =>
  error instanceof Error && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY';

/** The control hints of each thing type (shadow key → hint text); they go when their type is deleted. */
export class ThingTypeControlHintsStore {
  constructor(private readonly db: Db) {}

  /** By key; empty for a type without hints (and for one that does not exist). */
  hintsOf(thingTypeName: string): Record<string, string> {
    const rows = this.db
      .prepare('SELECT shadow_key, hint FROM thing_type_control_hints WHERE thing_type_name = ? ORDER BY shadow_key')
      .all(thingTypeName) as HintRow[];
    return Object.fromEntries(rows.map((row) => [row.shadow_key, row.hint]));
  }

  /**
   * Replaces the type's whole set of hints in one transaction. A hint for a type that does not exist is
   * refused as not found (the caller checks the type first; this covers a type deleted in between).
   */
  replace(thingTypeName: string, hints: Readonly<Record<string, string>>): void {
    const clear = this.db.prepare('DELETE FROM thing_type_control_hints WHERE thing_type_name = ?');
    const insert = this.db.prepare(
      'INSERT INTO thing_type_control_hints (thing_type_name, shadow_key, hint) VALUES (?, ?, ?)',
    );
    try {
      this.db.transaction(() => {
        clear.run(thingTypeName);
        for (const [key, hint] of Object.entries(hints)) insert.run(thingTypeName, key, hint);
      })();
    } catch (error) {
      if (isForeignKeyViolation(error)) throw notFound(thingTypeName);
      throw error;
    }
  }
}

const notFound = (thingTypeName: string) =>
  new DomainError('ResourceNotFoundException', `Thing type ${thingTypeName} does not exist`);
