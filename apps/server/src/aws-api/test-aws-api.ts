import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { IoTClient } from '@aws-sdk/client-iot';
import { IoTDataPlaneClient } from '@aws-sdk/client-iot-data-plane';
import { loadOrCreatePki } from '@meridian/certs';
import { tempDir } from '@meridian/test-utils';
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

export interface TestAwsApi {
  app: FastifyInstance;
  /** `https://localhost:<port>` */
  endpoint: string;
  /** The CA certificate that signed the API's server certificate: PEM text and file. */
  ca: { pem: string; path: string };
  dataDir: string;
  iot(): IoTClient;
  data(): IoTDataPlaneClient;
  close(): Promise<void>;
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
