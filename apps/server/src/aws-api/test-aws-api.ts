import assert from 'node:assert/strict';
import { Agent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { IoTClient } from '@aws-sdk/client-iot';
import { IoTDataPlaneClient } from '@aws-sdk/client-iot-data-plane';
import { loadOrCreatePki } from '@meridian/certs';
import { tempDir } from '@meridian/test-utils';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { FastifyInstance } from 'fastify';
import { type Db, openDatabase } from '../db/database.js';
import { buildAwsApi } from './aws-api.js';
import type { AwsCaller, AwsOperation } from './aws-operation.js';

export const TEST_KEY = {
  accessKeyId: 'AKIAOPERATIONSTEST23',
  secretAccessKey: 'b3BlcmF0aW9ucy10ZXN0LXNlY3JldC1rZXktMDAwMA',
};
export const TEST_CALLER: AwsCaller = {
  accessKeyId: TEST_KEY.accessKeyId,
  userId: 1,
  username: 'admin',
  role: 'admin',
};

export interface RawRequest {
  method: string;
  /** Path and query, sent as written (already percent-encoded where needed). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface TestAwsApi {
  app: FastifyInstance;
  /** `https://localhost:<port>` */
  endpoint: string;
  /** The CA certificate that signed the API's server certificate: PEM text and file. */
  ca: { pem: string; path: string };
  dataDir: string;
  iot(): IoTClient;
  data(): IoTDataPlaneClient;
  /** A request signed with TEST_KEY, for what the SDK clients do not show (raw error bodies). */
  send(request: RawRequest): Promise<RawResponse>;
  close(): Promise<void>;
}

async function signedRequest(endpoint: string, ca: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(request.path, endpoint);
  const signer = new SignatureV4({
    credentials: TEST_KEY,
    region: 'us-east-1',
    service: 'iotdata',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign({
    method: request.method,
    protocol: 'https:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.host, ...request.headers },
    body: request.body,
  });
  return new Promise((resolve, reject) => {
    const outgoing = httpsRequest(url, { method: request.method, headers: signed.headers, ca }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/**
 * A standalone AWS API on an HTTPS port with a fresh PKI and SQLite database in a temporary folder,
 * accepting requests signed with TEST_KEY; `operations` builds the operations under test on that database.
 */
export async function startTestAwsApi(operations: (db: Db) => AwsOperation[]): Promise<TestAwsApi> {
  const dir = await tempDir('meridian-aws-operations-');
  const pki = await loadOrCreatePki({ dir: join(dir.path, 'pki') });
  const db = openDatabase(join(dir.path, 'meridian.db'));
  const app = await buildAwsApi({
    tls: pki.server,
    accessKeys: {
      credentialsFor: (id) =>
        id === TEST_KEY.accessKeyId ? { secretAccessKey: TEST_KEY.secretAccessKey, owner: TEST_CALLER } : undefined,
      recordUse: () => {},
    },
    operations: operations(db),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const endpoint = `https://localhost:${(app.server.address() as AddressInfo).port}`;
  const config = () => ({
    endpoint,
    region: 'us-east-1',
    credentials: TEST_KEY,
    maxAttempts: 1,
    requestHandler: { httpsAgent: new Agent({ ca: pki.ca.certificatePem }) },
  });
  return {
    app,
    endpoint,
    ca: { pem: pki.ca.certificatePem, path: pki.ca.certificatePath },
    dataDir: dir.path,
    iot: () => new IoTClient(config()),
    data: () => new IoTDataPlaneClient(config()),
    send: (request) => signedRequest(endpoint, pki.ca.certificatePem, request),
    async close() {
      await app.close();
      db.close();
      await dir.remove();
    },
  };
}

/**
 * Asserts that an SDK call was refused with the modelled exception `type` (so the SDK parsed
 * `x-amzn-ErrorType`), the HTTP `status`, and a message matching `message`.
 */
export async function rejectsAs(
  call: Promise<unknown>,
  type: abstract new (...args: never[]) => Error,
  status: number,
  message?: RegExp,
): Promise<Error> {
  let caught: unknown;
  await assert.rejects(call, (error) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof type, `expected ${type.name}, got ${String(caught)}`);
  assert.equal((caught as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, status);
  if (message) assert.match(caught.message, message);
  return caught;
}
