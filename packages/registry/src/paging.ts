import { invalidRequest, REGISTRY_LIMITS } from './registry.rules.js';
import type { Awaitable, Page } from './registry.store.js';
import type { Paging } from './registry.types.js';

export const DEFAULT_MAX_RESULTS = 50;

function decodeToken(token: string): string {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null && typeof (decoded as { after?: unknown }).after === 'string') {
      return (decoded as { after: string }).after;
    }
  } catch {
    // fall through to the refusal below
  }
  throw invalidRequest('nextToken is not a token returned by this operation');
}

const encodeToken = (after: string) => Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');

export function pageOf(paging: Paging): Page {
  const { nextToken, maxResults = DEFAULT_MAX_RESULTS } = paging;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > REGISTRY_LIMITS.maxResults) {
    throw invalidRequest(`maxResults must be a whole number from 1 to ${REGISTRY_LIMITS.maxResults}`);
  }
  if (nextToken !== undefined && typeof nextToken !== 'string') throw invalidRequest('nextToken must be a string');
  return nextToken === undefined || nextToken === ''
    ? { limit: maxResults }
    : { after: decodeToken(nextToken), limit: maxResults };
}

/**
 * One page from a store query sorted by `key`: asks for one row more than the page holds, so a `nextToken`
 * is returned only when another row really follows. The token is opaque to clients (the last key, encoded).
 */
export async function fetchPage<T>(
  page: Page,
  query: (page: Page) => Awaitable<T[]>,
  key: (item: T) => string,
): Promise<{ items: T[]; nextToken?: string }> {
  const rows = await query({ ...page, limit: page.limit + 1 });
  if (rows.length <= page.limit) return { items: rows };
  const items = rows.slice(0, page.limit);
  return { items, nextToken: encodeToken(key(items[items.length - 1]!)) };
}
