/** A stored shadow row as the SQLite store reads and writes it (documents as JSON text). */
export interface ShadowRow {
  version: number;
  state: string | null;
  metadata: string | null;
  updated_at: number;
  deleted_at: number | null;
}

const ROW_OVERHEAD_BYTES = 64;

function sizeOf(key: string, row: ShadowRow): number {
  return key.length + (row.state?.length ?? 0) + (row.metadata?.length ?? 0) + ROW_OVERHEAD_BYTES;
}

/**
 * The most recently used shadow rows, bounded by their approximate size in memory. Holding the
 * JSON text rather than parsed documents keeps every load handing out a fresh copy.
 */
export class ShadowRowCache {
  private readonly rows = new Map<string, ShadowRow>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): ShadowRow | undefined {
    const row = this.rows.get(key);
    if (row !== undefined) {
      // Map iteration order is insertion order: re-inserting marks the row as most recently used.
      this.rows.delete(key);
      this.rows.set(key, row);
    }
    return row;
  }

  set(key: string, row: ShadowRow): void {
    this.delete(key);
    const size = sizeOf(key, row);
    if (size > this.maxBytes) return;
    this.rows.set(key, row);
    this.bytes += size;
    for (const [oldest, oldestRow] of this.rows) {
      if (this.bytes <= this.maxBytes) break;
      this.rows.delete(oldest);
      this.bytes -= sizeOf(oldest, oldestRow);
    }
  }

  delete(key: string): void {
    const row = this.rows.get(key);
    if (row === undefined) return;
    this.rows.delete(key);
    this.bytes -= sizeOf(key, row);
  }

  get size(): number {
    return this.rows.size;
  }
}
