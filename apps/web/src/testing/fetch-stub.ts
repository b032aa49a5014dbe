import { vi } from 'vitest';

export interface StubRequest {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (request: StubRequest) => Response | Promise<Response>;

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function emptyResponse(status = 204): Response {
  return new Response(null, { status });
}

/**
 * Replaces `fetch` with a table of `"METHOD /path"` handlers (restored after each test by the
 * `unstubGlobals` config). Unknown routes answer 404. Returns the recorded requests.
 */
export function stubFetch(routes: Record<string, Handler>) {
  const requests: StubRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const request = { method, path, body };
    requests.push(request);
    // An exact `"GET /path?query"` entry wins; `"GET /path"` answers any query string of that path.
    const handler = routes[`${method} ${path}`] ?? routes[`${method} ${path.split('?')[0]}`];
    if (!handler) return jsonResponse(404, { code: 'NOT_FOUND', message: `No stub for ${method} ${path}` });
    return handler(request);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, requests };
}
