import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { DescribeEndpointCommand, IoTClient, type IoTClientConfig } from '@aws-sdk/client-iot';
import type { CreatedAccessKey } from '@meridian/contracts';
import { FIRST_ACCESS_KEY_FILE } from '../src/app.js';
import { AWS_CLI_MISSING, findAwsCli } from '../src/aws-api/aws-cli.testing.js';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

const PUBLIC_HOST = 'iot.example.test';

/** The `key = value` lines of the `[meridian]` profile. */
function readProfile(file: string): Record<string, string> {
  const section =
    readFileSync(file, 'utf8')
      .split(/^\[/m)
      .find((part) => part.startsWith('meridian]')) ?? '';
  const entries = section.split('\n').flatMap((line) => {
    const match = /^(\w+)\s*=\s*(.*)$/.exec(line);
    return match ? [[match[1], match[2]] as const] : [];
  });
  return Object.fromEntries(entries);
}

function assertServiceError(error: unknown, name: string, message?: RegExp): true {
  assert.ok(error instanceof Error, String(error));
  assert.equal(error.name, name);
  assert.equal((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 403);
  if (message) assert.match(error.message, message);
  return true;
}

describe('AWS-compatible API on the platform', () => {
  let sut: TestPlatform;
  let cookie: string;
  let logLines: string[];
  let endpoint: string;
  let credentialsFile: string;
  let firstKey: { accessKeyId: string; secretAccessKey: string };

  before(async () => {
    logLines = [];
    sut = await startTestPlatform({ PUBLIC_HOST_NAMES: PUBLIC_HOST }, { logLines });
    cookie = await sut.login();
    // The server certificate also names localhost, which resolves here; the public name need not.
    endpoint = `https://localhost:${sut.ports.awsApi}`;
    credentialsFile = join(sut.dataDir, FIRST_ACCESS_KEY_FILE);
    const profile = readProfile(credentialsFile);
    firstKey = { accessKeyId: profile.aws_access_key_id ?? '', secretAccessKey: profile.aws_secret_access_key ?? '' };
  });
  after(() => sut.close());

  const client = (credentials = firstKey, config: Partial<IoTClientConfig> = {}) =>
    new IoTClient({
      endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
      requestHandler: { httpsAgent: new Agent({ ca: sut.platform.pki.ca.certificatePem }) },
      ...config,
    });

  async function createKey(): Promise<CreatedAccessKey> {
    const response = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/access-keys',
      headers: { cookie },
      payload: { description: 'test' },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json();
  }

  test('first start writes an owner-only credentials file for admin and logs where it is, never the secret', () => {
    assert.equal(statSync(credentialsFile).mode & 0o777, 0o600);
    assert.deepEqual(readProfile(credentialsFile), {
      aws_access_key_id: firstKey.accessKeyId,
      aws_secret_access_key: firstKey.secretAccessKey,
      region: 'us-east-1',
      endpoint_url: `https://${PUBLIC_HOST}:${sut.ports.awsApi}`,
      ca_bundle: sut.platform.pki.ca.certificatePath,
    });
    assert.match(firstKey.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(firstKey.secretAccessKey.length, 40);
    const announcement = logLines.map((line) => JSON.parse(line)).find((entry) => entry.credentialsFile);
    assert.equal(announcement?.credentialsFile, credentialsFile);
    assert.equal(announcement?.accessKeyId, firstKey.accessKeyId);
    assert.ok(!logLines.some((line) => line.includes(firstKey.secretAccessKey)), 'the secret was logged');
  });

  test('DescribeEndpoint answers the public host name to the real SDK with the first key', async () => {
    for (const endpointType of ['iot:Data-ATS', 'iot:Data', 'iot:CredentialProvider', 'iot:Jobs', undefined]) {
      const output = await client().send(new DescribeEndpointCommand({ endpointType }));
      assert.equal(output.endpointAddress, PUBLIC_HOST);
      assert.equal(output.$metadata.httpStatusCode, 200);
    }
  });

  test('an unknown endpoint type is refused with InvalidRequestException', async () => {
    await assert.rejects(client().send(new DescribeEndpointCommand({ endpointType: 'iot:Nope' })), (error: Error) => {
      assert.equal(error.name, 'InvalidRequestException');
      assert.match(error.message, /endpointType.*iot:Data-ATS/);
      return true;
    });
  });

  test('an unknown access key id is refused with UnrecognizedClientException', async () => {
    const unknown = { ...firstKey, accessKeyId: 'AKIAUNKNOWNUNKNOWN23' };
    await assert.rejects(client(unknown).send(new DescribeEndpointCommand({})), (error) =>
      assertServiceError(error, 'UnrecognizedClientException', /security token included in the request is invalid/),
    );
  });

  test('a wrong secret is refused with InvalidSignatureException', async () => {
    const wrong = { ...firstKey, secretAccessKey: withFirstCharacterChanged(firstKey.secretAccessKey) };
    await assert.rejects(client(wrong).send(new DescribeEndpointCommand({})), (error) =>
      assertServiceError(error, 'InvalidSignatureException', /signature we calculated does not match/),
    );
  });

  test('a clock 10 minutes behind is refused as expired; the SDK then corrects itself from our Date header', async () => {
    await assert.rejects(
      client(firstKey, { systemClockOffset: -10 * 60_000 }).send(new DescribeEndpointCommand({})),
      (error) => assertServiceError(error, 'InvalidSignatureException', /^Signature expired: .* - 5 min\.\)$/),
    );
    await assert.rejects(
      client(firstKey, { systemClockOffset: 10 * 60_000 }).send(new DescribeEndpointCommand({})),
      (error) => assertServiceError(error, 'InvalidSignatureException', /^Signature not yet current: /),
    );
    const retrying = client(firstKey, { systemClockOffset: -10 * 60_000, maxAttempts: 2 });
    const output = await retrying.send(new DescribeEndpointCommand({}));
    assert.equal(output.endpointAddress, PUBLIC_HOST);
    assert.equal(output.$metadata.attempts, 2);
  });

  test('a key created in the console works until it is revoked there, and its use is recorded', async () => {
    const created = await createKey();
    const credentials = { accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey };
    await client(credentials).send(new DescribeEndpointCommand({}));

    const list = await sut.platform.app.inject({ method: 'GET', url: '/api/access-keys', headers: { cookie } });
    const listed = list
      .json()
      .accessKeys.find((key: { accessKeyId: string }) => key.accessKeyId === created.accessKeyId);
    assert.equal(listed.status, 'Active');
    assert.ok(listed.lastUsedAt, 'last use recorded');

    const revoke = await sut.platform.app.inject({
      method: 'POST',
      url: `/api/access-keys/${created.accessKeyId}/revoke`,
      headers: { cookie },
    });
    assert.equal(revoke.json().status, 'Revoked');
    await assert.rejects(client(credentials).send(new DescribeEndpointCommand({})), (error) =>
      assertServiceError(error, 'UnrecognizedClientException'),
    );
    // Other keys are unaffected.
    await client().send(new DescribeEndpointCommand({}));
  });

  const awsCli = findAwsCli();
  test('the AWS CLI describes the endpoint with the credentials file, and reports a wrong secret', {
    skip: awsCli ? false : AWS_CLI_MISSING,
  }, async () => {
    const run = (file: string) =>
      promisify(execFile)(
        awsCli!,
        [
          '--profile',
          'meridian',
          '--endpoint-url',
          endpoint,
          '--ca-bundle',
          sut.platform.pki.ca.certificatePath,
          '--output',
          'json',
          'iot',
          'describe-endpoint',
          '--endpoint-type',
          'iot:Data-ATS',
        ],
        {
          env: {
            PATH: process.env.PATH,
            HOME: sut.dataDir,
            AWS_SHARED_CREDENTIALS_FILE: file,
            AWS_CONFIG_FILE: join(sut.dataDir, 'no-aws-config'),
            AWS_EC2_METADATA_DISABLED: 'true',
          },
          timeout: 60_000,
        },
      );
    const { stdout } = await run(credentialsFile);
    assert.deepEqual(JSON.parse(stdout), { endpointAddress: PUBLIC_HOST });

    const wrongFile = join(sut.dataDir, 'wrong-credentials');
    const wrongSecret = readFileSync(credentialsFile, 'utf8').replace(
      firstKey.secretAccessKey,
      withFirstCharacterChanged(firstKey.secretAccessKey),
    );
    writeFileSync(wrongFile, wrongSecret, { mode: 0o600 });
    await assert.rejects(run(wrongFile), (error: Error & { stderr?: string }) => {
      assert.match(error.stderr ?? '', /InvalidSignatureException/);
      return true;
    });
  });
});

describe('AWS-compatible API across restarts', () => {
  test('the first key keeps working after a restart and no second key or file is created', async () => {
    const first = await startTestPlatform();
    const dataDir = first.dataDir;
    const file = join(dataDir, FIRST_ACCESS_KEY_FILE);
    const before = readFileSync(file, 'utf8');
    await first.platform.close();

    const second = await startTestPlatform({}, { dataDir });
    try {
      assert.equal(readFileSync(file, 'utf8'), before);
      assert.equal(second.platform.accessKeys.list().length, 1);
      const profile = readProfile(file);
      const output = await new IoTClient({
        endpoint: `https://localhost:${second.ports.awsApi}`,
        region: 'eu-central-1',
        credentials: {
          accessKeyId: profile.aws_access_key_id ?? '',
          secretAccessKey: profile.aws_secret_access_key ?? '',
        },
        maxAttempts: 1,
        requestHandler: { httpsAgent: new Agent({ ca: second.platform.pki.ca.certificatePem }) },
      }).send(new DescribeEndpointCommand({ endpointType: 'iot:Data-ATS' }));
      assert.equal(output.endpointAddress, 'localhost');
    } finally {
      await second.close();
      await first.close();
    }
  });
});

/** A secret that differs from `secret` (which is random, so it may start with any character). */
function withFirstCharacterChanged(secret: string): string {
  return `${secret.startsWith('X') ? 'Y' : 'X'}${secret.slice(1)}`;
}
