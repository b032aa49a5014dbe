import { DomainError } from '@meridian/contracts';

/** Position in a list ordered by creation time, then id. */
export interface PageCursor {
  createdAt: number;
  id: string;
}

export const MAX_PAGE_SIZE = 250;
export const DEFAULT_PAGE_SIZE = 25;

/** The opaque `marker`/`nextMarker` of AWS list operations. */
export function encodeMarker(cursor: PageCursor): string {
  return Buffer.from(`${cursor.createdAt}:${cursor.id}`).toString('base64url');
}

export function decodeMarker(marker: string): PageCursor {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(Buffer.from(marker, 'base64url').toString());
  if (!match) throw new DomainError('InvalidRequestException', 'marker is not a marker this service returned');
  return { createdAt: Number(match[1]), id: match[2] as string };
}

/** pageSize 1–250 (AWS), default 25. */
export function checkPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new DomainError('InvalidRequestException', `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return pageSize;
}

/**
 * Cuts `fetched` (asked for with limit pageSize + 1) to one page; `nextMarker` only when more follow.
 */
export function toPage<T>(
  fetched: T[],
  pageSize: number,
  cursorOf: (item: T) => PageCursor,
): { items: T[]; nextMarker?: string } {
  if (fetched.length <= pageSize) return { items: fetched };
  const items = fetched.slice(0, pageSize);
  return { items, nextMarker: encodeMarker(cursorOf(items[items.length - 1] as T)) };
}
