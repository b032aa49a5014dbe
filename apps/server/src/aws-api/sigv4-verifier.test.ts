import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsApiError } from './aws-api-error.js';
import { parseRawQuery, type SignedRequest, verifySigV4 } from './sigv4-verifier.js';

const KEY = { accessKeyId: 'AKIAABCDEFGHIJKLMNOP', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const NOW = new Date('2026-03-01T12:00:00Z');

interface Draft {
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
}

/** RFC 3986 encoding, as SigV4 clients put labels and query values on the wire. */
const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function toUrl(path: string, query: Record<string, string | string[] | null> = {}): string {
  const pairs = Object.entries(query).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value ?? '']).map((item) => `${encode(key)}=${encode(item)}`),
  );
  return pairs.length > 0 ? `${path}?${pairs.join('&')}` : path;
}

function signer(options: { secret?: string; service?: string; region?: string; applyChecksum?: boolean } = {}) {
  return new SignatureV4({
    credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: options.secret ?? KEY.secretAccessKey },
    service: options.service ?? 'iot',
    region: options.region ?? 'us-east-1',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: options.applyChecksum ?? false,
  });
}

const unsigned = (draft: Draft) => ({
  method: draft.method ?? 'GET',
  protocol: 'https:',
  hostname: 'localhost',
  port: 9443,
  path: draft.path ?? '/endpoint',
  query: draft.query ?? {},
  headers: { host: 'localhost:9443', ...(draft.headers ?? {}) },
  body: draft.body,
});

async function signed(
  draft: Draft = {},
  options: Parameters<typeof signer>[0] & { at?: Date } = {},
): Promise<SignedRequest> {
  const request = await signer(options).sign(unsigned(draft), { signingDate: options.at ?? NOW });
  return {
    method: request.method,
    url: toUrl(request.path, request.query),
    headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value])),
    body: request.body === undefined ? undefined : Buffer.from(request.body as string),
  };
}

const verify = (request: SignedRequest, now = NOW) =>
  verifySigV4(request, {
    credentialsFor: (id) =>
      id === KEY.accessKeyId ? { secretAccessKey: KEY.secretAccessKey, owner: 'admin' } : undefined,
    now,
  });

async function assertRefused(promise: Promise<unknown>, type: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AwsApiError, `expected AwsApiError, got ${String(error)}`);
    assert.equal(error.type, type);
    assert.equal(error.statusCode, 403);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe(verifySigV4.name, () => {
  test('accepts a signed GET with percent-encoded path labels and query values, answering the credentials', async () => {
    const request = await signed({
      path: `/things/${encode('arn:aws:iot:us-east-1:123456789012:cert/abc')}/principals`,
      query: { maxResults: '10', recursive: 'true', name: 'a b+c/d*' },
    });
    const credentials = await verify(request);
    assert.equal(credentials.accessKeyId, KEY.accessKeyId);
    assert.equal(credentials.owner, 'admin');
  });

  test('accepts a JSON body with and without x-amz-content-sha256, and UNSIGNED-PAYLOAD', async () => {
    const body = JSON.stringify({ thingTypeName: 'lamp', attributePayload: { attributes: { room: 'kitchen' } } });
    await verify(await signed({ method: 'POST', path: '/things/lamp-1', body }));
    const withHash = await signed({ method: 'POST', path: '/things/lamp-1', body }, { applyChecksum: true });
    assert.match(String(withHash.headers['x-amz-content-sha256']), /^[0-9a-f]{64}$/);
    await verify(withHash);
    await verify(
      await signed({
        method: 'POST',
        path: '/topics/a',
        body: 'raw bytes',
        headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      }),
    );
  });

  test('accepts any service name and region in the credential scope', async () => {
    for (const [service, region] of [
      ['iotdata', 'eu-west-1'],
      ['iotdevicegateway', 'ap-southeast-2'],
      ['execute-api', 'local'],
    ] as const) {
      await verify(await signed({}, { service, region }));
    }
  });

  test('refuses a request without credentials with MissingAuthenticationTokenException', async () => {
    const request = { method: 'GET', url: '/endpoint', headers: { host: 'localhost:9443' }, body: undefined };
    await assertRefused(verify(request), 'MissingAuthenticationTokenException', /^Missing Authentication Token$/);
  });

  test('refuses garbled Authorization headers with IncompleteSignatureException', async () => {
    const base = await signed();
    const cases: Array<[string, RegExp]> = [
      ['Bearer abc', /Unsupported Authorization scheme 'Bearer'/],
      ['AWS4-HMAC-SHA256', /requires 'Credential' parameter/],
      [
        `AWS4-HMAC-SHA256 Credential=${KEY.accessKeyId}/20260301/us-east-1/iot, SignedHeaders=host;x-amz-date, Signature=00`,
        /Credential must have the form/,
      ],
      [
        `AWS4-HMAC-SHA256 Credential=${KEY.accessKeyId}/20260301/us-east-1/iot/aws4_request, SignedHeaders=x-amz-date, Signature=00`,
        /'Host' must be a 'SignedHeader'/,
      ],
    ];
    for (const [authorization, message] of cases) {
      await assertRefused(
        verify({ ...base, headers: { ...base.headers, authorization } }),
        'IncompleteSignatureException',
        message,
      );
    }
    const { 'x-amz-date': _date, ...withoutDate } = base.headers;
    await assertRefused(verify({ ...base, headers: withoutDate }), 'IncompleteSignatureException', /X-Amz-Date/);
  });

  test('refuses an unknown access key id with UnrecognizedClientException', async () => {
    const request = await signed();
    const authorization = String(request.headers.authorization).replace(KEY.accessKeyId, 'AKIAZZZZZZZZZZZZZZZZ');
    await assertRefused(
      verify({ ...request, headers: { ...request.headers, authorization } }),
      'UnrecognizedClientException',
      /security token included in the request is invalid/,
    );
  });

  test('refuses a wrong secret and any change to what was signed with InvalidSignatureException', async () => {
    const mismatch = /signature we calculated does not match/;
    await assertRefused(verify(await signed({}, { secret: 'x'.repeat(40) })), 'InvalidSignatureException', mismatch);

    const get = await signed({ path: '/things/lamp-1', query: { expectedVersion: '3' } });
    for (const url of ['/things/lamp-2?expectedVersion=3', '/things/lamp-1?expectedVersion=4', '/things/lamp-1']) {
      await assertRefused(verify({ ...get, url }), 'InvalidSignatureException', mismatch);
    }
    await assertRefused(verify({ ...get, method: 'DELETE' }), 'InvalidSignatureException', mismatch);
    await assertRefused(
      verify({ ...get, headers: { ...get.headers, host: 'evil.example:9443' } }),
      'InvalidSignatureException',
      mismatch,
    );

    const body = '{"a":1}';
    const post = await signed({ method: 'POST', path: '/things/lamp-1', body });
    await assertRefused(verify({ ...post, body: Buffer.from('{"a":2}') }), 'InvalidSignatureException', mismatch);
    const hashed = await signed({ method: 'POST', path: '/things/lamp-1', body }, { applyChecksum: true });
    await assertRefused(
      verify({ ...hashed, body: Buffer.from('{"a":2}') }),
      'InvalidSignatureException',
      /x-amz-content-sha256 header does not match the request body/,
    );
  });

  test('refuses signatures more than 5 minutes away from the server clock, as AWS words it', async () => {
    const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
    await verify(await signed({}, { at: minutes(-4) }));
    await verify(await signed({}, { at: minutes(4) }));
    await assertRefused(
      verify(await signed({}, { at: minutes(-6) })),
      'InvalidSignatureException',
      /^Signature expired: 20260301T115400Z is now earlier than 20260301T115500Z \(20260301T120000Z - 5 min\.\)$/,
    );
    await assertRefused(
      verify(await signed({}, { at: minutes(6) })),
      'InvalidSignatureException',
      /^Signature not yet current: 20260301T120600Z is still later than 20260301T120500Z \(20260301T120000Z \+ 5 min\.\)$/,
    );
  });

  test('refuses a credential scope date that differs from X-Amz-Date', async () => {
    const request = await signed();
    const authorization = String(request.headers.authorization).replace('/20260301/', '/20260228/');
    await assertRefused(
      verify({ ...request, headers: { ...request.headers, authorization } }),
      'InvalidSignatureException',
      /Date in Credential scope does not match/,
    );
  });

  test('accepts a presigned URL until it expires', async () => {
    const presigned = await signer().presign(unsigned({ query: { endpointType: 'iot:Data-ATS' } }), {
      signingDate: NOW,
      expiresIn: 600,
    });
    const request: SignedRequest = {
      method: 'GET',
      url: toUrl(presigned.path, presigned.query),
      headers: { host: 'localhost:9443' },
      body: undefined,
    };
    assert.equal(parseRawQuery(request.url.split('?')[1] ?? '')['X-Amz-Expires'], '600');
    await verify(request, new Date(NOW.getTime() + 599_000));
    await assertRefused(verify(request, new Date(NOW.getTime() + 601_000)), 'InvalidSignatureException', /expired/);
    await assertRefused(
      verify({ ...request, url: request.url.replace('iot%3AData-ATS', 'iot%3AJobs') }),
      'InvalidSignatureException',
    );
  });
});

describe(parseRawQuery.name, () => {
  test('decodes keys and values once, keeps + as a plus, and collects repeated keys', () => {
    assert.deepEqual(
      { ...parseRawQuery('a=1&b=x%20y&c=p+q&a=2&flag&bad=%E0%A4%A') },
      { a: ['1', '2'], b: 'x y', c: 'p+q', flag: '', bad: '%E0%A4%A' },
    );
  });
});
