import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyResponse, jsonResponse, stubFetch } from '../testing/fetch-stub';
import { ApiRequestError, apiClient, setUnauthorizedHandler } from './api-client';

describe('apiClient', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it('sends JSON and parses JSON answers', async () => {
    const { requests } = stubFetch({ 'POST /api/things': () => jsonResponse(201, { ok: true }) });
    await expect(apiClient.post('/api/things', { name: 'x' })).resolves.toEqual({ ok: true });
    expect(requests).toEqual([{ method: 'POST', path: '/api/things', body: { name: 'x' } }]);
  });

  it('returns undefined for 204', async () => {
    stubFetch({ 'POST /api/auth/logout': () => emptyResponse(204) });
    await expect(apiClient.post('/api/auth/logout')).resolves.toBeUndefined();
  });

  it('sends DELETE without a body', async () => {
    const { requests } = stubFetch({ 'DELETE /api/things/x': () => emptyResponse(204) });
    await expect(apiClient.delete('/api/things/x')).resolves.toBeUndefined();
    expect(requests).toEqual([{ method: 'DELETE', path: '/api/things/x', body: undefined }]);
  });

  it('turns an error body into an ApiRequestError', async () => {
    stubFetch({
      'POST /api/certificates': () => jsonResponse(409, { code: 'CERTS_ERR_EXISTS', message: 'Already exists' }),
    });
    const error = await apiClient.post('/api/certificates', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 409, code: 'CERTS_ERR_EXISTS', message: 'Already exists' });
  });

  it('copes with a non-JSON error body', async () => {
    stubFetch({ 'GET /api/x': () => new Response('Bad gateway', { status: 502 }) });
    await expect(apiClient.get('/api/x')).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
  });

  it('reports a network failure with status 0', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(apiClient.get('/api/x')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  it('calls the unauthorized handler on a 401, unless told not to', async () => {
    const handler = vi.fn();
    restore = setUnauthorizedHandler(handler);
    stubFetch({
      'GET /api/auth/me': () => jsonResponse(401, { code: 'AUTH_ERR_NO_SESSION', message: 'Not signed in' }),
      'POST /api/auth/login': () => jsonResponse(401, { code: 'AUTH_ERR_BAD_CREDENTIALS', message: 'Wrong' }),
    });
    await expect(apiClient.get('/api/auth/me')).rejects.toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledTimes(1);
    await expect(apiClient.post('/api/auth/login', {}, { skipUnauthorizedRedirect: true })).rejects.toMatchObject({
      status: 401,
      message: 'Wrong',
    });
    expect(handler).toHaveBeenCalledTimes(1);
  });
});
