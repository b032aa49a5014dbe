import assert from 'node:assert/strict';
import { Agent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  AttachThingPrincipalCommand,
  CreateThingCommand,
  DeleteThingCommand,
  DescribeCertificateCommand,
  DescribeThingCommand,
  InternalFailureException,
  InvalidRequestException,
  IoTClient,
  ListThingsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-iot';
import { IoTDataPlaneClient, PublishCommand } from '@aws-sdk/client-iot-data-plane';
import { loadOrCreatePki } from '@meridian/certs';
import { DomainError } from '@meridian/contracts';
import { tempDir } from '@meridian/test-utils';
import { Type } from '@sinclair/typebox';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { FastifyInstance } from 'fastify';
import { type AccessKeyResolver, buildAwsApi } from './aws-api.js';
import { type AwsCaller, type AwsOperation, defineOperation, stringEnum, toRoutePath } from './aws-operation.js';

const KEY = { accessKeyId: 'AKIAFRAMEWORKTEST234', secretAccessKey: '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' };
const CALLER: AwsCaller = { accessKeyId: KEY.accessKeyId, userId: 7, username: 'ada', role: 'admin' };
const CREATED = new Date('2026-02-03T04:05:06.789Z');
/** A key for each non-admin role; each owner is a different user. */
const ROLE_KEYS = {
  operator: { accessKeyId: 'AKIAOPERATORROLE2345', secretAccessKey: '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' },
  viewer: { accessKeyId: 'AKIAVIEWERROLE234567', secretAccessKey: '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' },
  'end-user': { accessKeyId: 'AKIAENDUSERROLE23456', secretAccessKey: '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' },
} as const;
const ROLE_CALLERS: AwsCaller[] = Object.entries(ROLE_KEYS).map(([role, key], index) => ({
  accessKeyId: key.accessKeyId,
  userId: 10 + index,
  username: `${role}-user`,
  role: role as AwsCaller['role'],
}));

/** Operations at real AWS IoT paths, recording what their handlers were given. */
function testOperations(received: Array<Record<string, unknown>>): AwsOperation[] {
  return [
    defineOperation({
      name: 'DescribeThing',
      method: 'GET',
      path: '/things/{thingName}',
      access: 'read',
      input: { labels: Type.Object({ thingName: Type.String({ minLength: 1, maxLength: 128 }) }) },
      handler: ({ labels, caller }) => {
        received.push({ labels, caller });
        if (labels.thingName === 'missing') {
          throw new DomainError('ResourceNotFoundException', 'Thing missing does not exist');
        }
        if (labels.thingName === 'broken') throw new Error('database file is locked by /secret/path');
        return { thingName: labels.thingName, thingId: 'id-1', version: 3, attributes: { room: 'kitchen' } };
      },
    }),
    defineOperation({
      name: 'CreateThing',
      method: 'POST',
      path: '/things/{thingName}',
      access: 'write',
      input: {
        labels: Type.Object({ thingName: Type.String() }),
        body: Type.Object({
          thingTypeName: Type.Optional(Type.String()),
          attributePayload: Type.Optional(
            Type.Object({ attributes: Type.Optional(Type.Record(Type.String(), Type.String())) }),
          ),
        }),
      },
      handler: ({ labels, body }) => {
        received.push({ labels, body });
        if (labels.thingName === 'taken') {
          throw new DomainError('ResourceAlreadyExistsException', 'Thing taken already exists', {
            resourceId: 'id-taken',
            resourceArn: 'arn:aws:iot:us-east-1:123456789012:thing/taken',
          });
        }
        return { thingName: labels.thingName, thingArn: `arn:thing/${labels.thingName}`, thingId: 'id-2' };
      },
    }),
    defineOperation({
      name: 'ListThings',
      method: 'GET',
      path: '/things',
      access: 'read',
      input: {
        query: Type.Object({
          maxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 250 })),
          usePrefixAttributeValue: Type.Optional(Type.Boolean()),
          thingTypeName: Type.Optional(Type.String()),
        }),
      },
      handler: ({ query }) => {
        received.push({ query });
        return { things: [] };
      },
    }),
    defineOperation({
      name: 'AttachThingPrincipal',
      method: 'PUT',
      path: '/things/{thingName}/principals',
      access: 'write',
      input: {
        labels: Type.Object({ thingName: Type.String() }),
        headers: Type.Object({ 'x-amzn-principal': Type.String({ minLength: 1 }) }),
        query: Type.Object({
          thingPrincipalType: Type.Optional(stringEnum(['EXCLUSIVE_THING', 'NON_EXCLUSIVE_THING'])),
        }),
      },
      handler: ({ labels, headers, query }) => {
        received.push({ labels, principal: headers['x-amzn-principal'], query });
      },
    }),
    defineOperation({
      name: 'DescribeCertificate',
      method: 'GET',
      path: '/certificates/{certificateId}',
      access: 'read',
      input: { labels: Type.Object({ certificateId: Type.String() }) },
      handler: ({ labels }) => ({
        certificateDescription: { certificateId: labels.certificateId, status: 'ACTIVE', creationDate: CREATED },
      }),
    }),
    defineOperation({
      name: 'RegisterCertificate',
      method: 'POST',
      path: '/certificate/register',
      access: 'write',
      input: {
        body: Type.Object({
          certificatePem: Type.String(),
          status: Type.Optional(stringEnum(['ACTIVE', 'INACTIVE'])),
        }),
      },
      handler: ({ body }) => {
        received.push({ body });
        return { certificateId: 'abc' };
      },
    }),
    defineOperation({
      name: 'DeleteThingShadow',
      method: 'DELETE',
      path: '/things/{thingName}/shadow',
      access: 'write',
      input: { labels: Type.Object({ thingName: Type.String() }) },
      errorBody: ({ statusCode, body }) => ({ code: statusCode, ...body }),
      handler: () => {
        throw new DomainError('ConflictException', 'Version conflict', { clientToken: 'tok-1' });
      },
    }),
    defineOperation({
      name: 'Publish',
      method: 'POST',
      path: '/topics/{topic+}',
      access: 'write',
      input: {
        labels: Type.Object({ topic: Type.String({ minLength: 1 }) }),
        query: Type.Object({
          qos: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
          retain: Type.Optional(Type.Boolean()),
        }),
        body: 'blob',
      },
      handler: ({ labels, query, body, caller }) => {
        received.push({ labels, query, body, caller });
      },
    }),
  ];
}

describe(buildAwsApi.name, () => {
  const received: Array<Record<string, unknown>> = [];
  const used: string[] = [];
  const resolver: AccessKeyResolver = {
    credentialsFor: (id) => {
      if (id === KEY.accessKeyId) return { secretAccessKey: KEY.secretAccessKey, owner: CALLER };
      const owner = ROLE_CALLERS.find((caller) => caller.accessKeyId === id);
      const key = Object.values(ROLE_KEYS).find((candidate) => candidate.accessKeyId === id);
      return owner && key ? { secretAccessKey: key.secretAccessKey, owner } : undefined;
    },
    recordUse: (id) => used.push(id),
  };
  let app: FastifyInstance;
  let endpoint: string;
  let ca: string;
  let removeDir: () => Promise<void>;

  before(async () => {
    const dir = await tempDir('meridian-aws-api-');
    removeDir = dir.remove;
    const pki = await loadOrCreatePki({ dir: dir.path });
    ca = pki.ca.certificatePem;
    app = await buildAwsApi({
      tls: pki.server,
      accessKeys: resolver,
      operations: testOperations(received),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    endpoint = `https://localhost:${(app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app.close();
    await removeDir();
  });

  const clientConfig = (credentials = KEY) => ({
    endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    requestHandler: { httpsAgent: new Agent({ ca }) },
  });
  const iot = (credentials = KEY) => new IoTClient(clientConfig(credentials));

  test('a signed SDK call reaches its handler with percent-decoded labels and the caller', async () => {
    received.length = 0;
    const output = await iot().send(new DescribeThingCommand({ thingName: 'lamp:1_a-b' }));
    assert.equal(output.thingName, 'lamp:1_a-b');
    assert.equal(output.version, 3);
    assert.deepEqual(output.attributes, { room: 'kitchen' });
    assert.equal(output.$metadata.httpStatusCode, 200);
    assert.match(output.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(received, [{ labels: { thingName: 'lamp:1_a-b' }, caller: CALLER }]);
    assert.ok(used.includes(KEY.accessKeyId));
  });

  test('query booleans and numbers arrive converted; JSON bodies arrive parsed', async () => {
    received.length = 0;
    await iot().send(new ListThingsCommand({ maxResults: 25, usePrefixAttributeValue: true, thingTypeName: 'a b' }));
    await iot().send(
      new CreateThingCommand({ thingName: 'lamp-2', attributePayload: { attributes: { room: 'hall', floor: '2' } } }),
    );
    assert.deepEqual(received, [
      { query: { maxResults: 25, usePrefixAttributeValue: true, thingTypeName: 'a b' } },
      { labels: { thingName: 'lamp-2' }, body: { attributePayload: { attributes: { room: 'hall', floor: '2' } } } },
    ]);
  });

  test('headers like x-amzn-principal reach the handler; an operation without output answers {}', async () => {
    received.length = 0;
    const principal = 'arn:aws:iot:us-east-1:123456789012:cert/abc123';
    const output = await iot().send(
      new AttachThingPrincipalCommand({ thingName: 'lamp-1', principal, thingPrincipalType: 'EXCLUSIVE_THING' }),
    );
    assert.equal(output.$metadata.httpStatusCode, 200);
    assert.deepEqual(received, [
      { labels: { thingName: 'lamp-1' }, principal, query: { thingPrincipalType: 'EXCLUSIVE_THING' } },
    ]);
  });

  test('Dates in the output are sent as epoch seconds and read back by the SDK', async () => {
    const output = await iot().send(new DescribeCertificateCommand({ certificateId: 'abc' }));
    assert.equal(output.certificateDescription?.creationDate?.getTime(), CREATED.getTime());
  });

  test('a greedy label takes the rest of the path and a blob body stays raw bytes (data-plane client)', async () => {
    received.length = 0;
    const data = new IoTDataPlaneClient(clientConfig());
    await data.send(new PublishCommand({ topic: 'devices/lamp 1/state', qos: 1, payload: Buffer.from([0, 1, 255]) }));
    assert.equal(received.length, 1);
    const [call] = received as [{ labels: unknown; query: unknown; body: Buffer; caller: AwsCaller }];
    assert.deepEqual(call.labels, { topic: 'devices/lamp 1/state' });
    assert.deepEqual(call.query, { qos: 1 });
    assert.deepEqual([...call.body], [0, 1, 255]);
    assert.equal(call.caller.username, 'ada');
  });

  test('a DomainError reaches the SDK as its modelled exception with status and extra members', async () => {
    await assert.rejects(iot().send(new DescribeThingCommand({ thingName: 'missing' })), (error: unknown) => {
      assert.ok(error instanceof ResourceNotFoundException);
      assert.equal(error.message, 'Thing missing does not exist');
      assert.equal(error.$metadata.httpStatusCode, 404);
      return true;
    });
    await assert.rejects(iot().send(new CreateThingCommand({ thingName: 'taken' })), (error: unknown) => {
      assert.ok(error instanceof ResourceAlreadyExistsException);
      assert.equal(error.$metadata.httpStatusCode, 409);
      assert.equal(error.resourceId, 'id-taken');
      assert.equal(error.resourceArn, 'arn:aws:iot:us-east-1:123456789012:thing/taken');
      return true;
    });
  });

  test('invalid input is refused with InvalidRequestException naming the problem', async () => {
    await assert.rejects(iot().send(new ListThingsCommand({ maxResults: 1000 })), (error: unknown) => {
      assert.ok(error instanceof InvalidRequestException);
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.match(error.message, /maxResults must be <= 250/);
      return true;
    });
    await assert.rejects(
      iot().send(
        new AttachThingPrincipalCommand({
          thingName: 'lamp-1',
          principal: 'p',
          thingPrincipalType: 'SOMETIMES' as never,
        }),
      ),
      (error: unknown) => {
        assert.ok(error instanceof InvalidRequestException);
        assert.match(error.message, /thingPrincipalType.*EXCLUSIVE_THING, NON_EXCLUSIVE_THING/);
        return true;
      },
    );
  });

  test('an unexpected failure answers InternalFailureException without its details', async () => {
    await assert.rejects(iot().send(new DescribeThingCommand({ thingName: 'broken' })), (error: unknown) => {
      assert.ok(error instanceof InternalFailureException);
      assert.equal(error.$metadata.httpStatusCode, 500);
      assert.doesNotMatch(error.message, /secret|locked/);
      return true;
    });
  });

  test('an operation that is not implemented answers UnknownOperationException 404', async () => {
    await assert.rejects(iot().send(new DeleteThingCommand({ thingName: 'lamp-1' })), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'UnknownOperationException');
      assert.equal((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 404);
      assert.match(error.message, /No operation matches DELETE \/things\/lamp-1/);
      return true;
    });
  });

  test('an unknown access key is refused before any handler runs', async () => {
    received.length = 0;
    await assert.rejects(
      iot({ ...KEY, accessKeyId: 'AKIAUNKNOWNKEY234567' }).send(new DescribeThingCommand({ thingName: 'lamp-1' })),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.equal(error.name, 'UnrecognizedClientException');
        return true;
      },
    );
    assert.deepEqual(received, []);
  });

  describe("the access key owner's role", () => {
    const accessDenied = (operation: string, role: string) => (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'AccessDeniedException');
      assert.equal((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 403);
      assert.equal(error.message, `User: ${role}-user (role ${role}) is not authorized to perform: iot:${operation}`);
      return true;
    };

    test('operator keys call read and write operations, control and data plane', async () => {
      received.length = 0;
      const operator = iot(ROLE_KEYS.operator);
      await operator.send(new DescribeThingCommand({ thingName: 'lamp-1' }));
      await operator.send(new CreateThingCommand({ thingName: 'lamp-4' }));
      await new IoTDataPlaneClient(clientConfig(ROLE_KEYS.operator)).send(
        new PublishCommand({ topic: 't', payload: Buffer.from('x') }),
      );
      assert.equal(received.length, 3);
      assert.equal((received[0]?.caller as AwsCaller | undefined)?.role, 'operator');
    });

    test('viewer keys read; every write operation is refused with AccessDeniedException before its handler', async () => {
      received.length = 0;
      const viewer = iot(ROLE_KEYS.viewer);
      const thing = await viewer.send(new DescribeThingCommand({ thingName: 'lamp-1' }));
      assert.equal(thing.thingName, 'lamp-1');
      await viewer.send(new ListThingsCommand({}));
      assert.equal(received.length, 2);
      assert.equal((received[0]?.caller as AwsCaller | undefined)?.role, 'viewer');

      received.length = 0;
      await assert.rejects(
        viewer.send(new CreateThingCommand({ thingName: 'lamp-5' })),
        accessDenied('CreateThing', 'viewer'),
      );
      await assert.rejects(
        viewer.send(new AttachThingPrincipalCommand({ thingName: 'lamp-1', principal: 'arn:p' })),
        accessDenied('AttachThingPrincipal', 'viewer'),
      );
      await assert.rejects(
        new IoTDataPlaneClient(clientConfig(ROLE_KEYS.viewer)).send(
          new PublishCommand({ topic: 't', payload: Buffer.from('x') }),
        ),
        accessDenied('Publish', 'viewer'),
      );
      assert.deepEqual(received, []);
    });

    test('end-user keys are refused every operation, reads included', async () => {
      received.length = 0;
      const endUser = iot(ROLE_KEYS['end-user']);
      await assert.rejects(
        endUser.send(new DescribeThingCommand({ thingName: 'lamp-1' })),
        accessDenied('DescribeThing', 'end-user'),
      );
      await assert.rejects(endUser.send(new ListThingsCommand({})), accessDenied('ListThings', 'end-user'));
      await assert.rejects(
        endUser.send(new CreateThingCommand({ thingName: 'lamp-6' })),
        accessDenied('CreateThing', 'end-user'),
      );
      assert.deepEqual(received, []);
    });
  });

  describe('raw HTTP', () => {
    async function send(options: {
      method: string;
      path: string;
      body?: string;
      sign?: boolean;
      credentials?: { accessKeyId: string; secretAccessKey: string };
    }) {
      const url = new URL(options.path, endpoint);
      let headers: Record<string, string> = { host: url.host, 'content-type': 'application/json' };
      if (options.sign !== false) {
        const signer = new SignatureV4({
          credentials: options.credentials ?? KEY,
          region: 'us-east-1',
          service: 'iot',
          sha256: Hash.bind(null, 'sha256'),
        });
        const signed = await signer.sign({
          method: options.method,
          protocol: 'https:',
          hostname: url.hostname,
          port: Number(url.port),
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers,
          body: options.body,
        });
        headers = signed.headers;
      }
      return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const request = httpsRequest(
          url,
          { method: options.method, headers, ca, servername: 'localhost' },
          (response) => {
            let body = '';
            response.setEncoding('utf8');
            response.on('data', (chunk) => (body += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
          },
        );
        request.on('error', reject);
        request.end(options.body);
      });
    }

    test('a request without a signature gets 403 MissingAuthenticationTokenException, also on unknown paths', async () => {
      for (const path of ['/things/lamp-1', '/no/such/operation']) {
        const response = await send({ method: 'GET', path, sign: false });
        assert.equal(response.status, 403);
        assert.equal(response.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
        assert.deepEqual(JSON.parse(response.body), { message: 'Missing Authentication Token' });
      }
    });

    test('a body that is not a JSON object of the declared shape is refused with InvalidRequestException', async () => {
      for (const [body, message] of [
        ['{"thingTypeName": ', 'The request body is not valid JSON.'],
        ['[1,2]', 'The request body must be a JSON object.'],
        // JSON members are not converted like query text: 1 is not the string "1".
        [
          '{"attributePayload":{"attributes":{"room":1}}}',
          'Invalid request body at /attributePayload/attributes/room: Expected string',
        ],
        ['{"thingTypeName":["Lamp"]}', 'Invalid request body at /thingTypeName: Expected string'],
      ] as const) {
        const response = await send({ method: 'POST', path: '/things/lamp-3', body });
        assert.equal(response.status, 400);
        assert.equal(response.headers['x-amzn-errortype'], 'InvalidRequestException');
        assert.deepEqual(JSON.parse(response.body), { message });
      }
    });

    test('JSON body members are checked against enums and required members, naming the allowed values', async () => {
      received.length = 0;
      for (const [body, message] of [
        [
          '{"certificatePem":"pem","status":"BOGUS"}',
          'Invalid request body at /status: must be one of ACTIVE, INACTIVE',
        ],
        ['{"status":"ACTIVE"}', 'Invalid request body at /certificatePem: Expected required property'],
      ] as const) {
        const response = await send({ method: 'POST', path: '/certificate/register', body });
        assert.equal(response.status, 400);
        assert.equal(response.headers['x-amzn-errortype'], 'InvalidRequestException');
        assert.deepEqual(JSON.parse(response.body), { message });
      }
      const accepted = await send({
        method: 'POST',
        path: '/certificate/register',
        body: '{"certificatePem":"pem","status":"INACTIVE"}',
      });
      assert.equal(accepted.status, 200);
      assert.deepEqual(received, [{ body: { certificatePem: 'pem', status: 'INACTIVE' } }]);
    });

    test("an operation's errorBody shapes its refusals; status and x-amzn-ErrorType stay", async () => {
      const response = await send({ method: 'DELETE', path: '/things/lamp-1/shadow' });
      assert.equal(response.status, 409);
      assert.equal(response.headers['x-amzn-errortype'], 'ConflictException');
      assert.deepEqual(JSON.parse(response.body), { code: 409, message: 'Version conflict', clientToken: 'tok-1' });
    });

    test("a refused role gets AWS's error shape, before its input is checked", async () => {
      // The body is not valid for CreateThing: the role is refused first, so nothing about the input leaks.
      const response = await send({
        method: 'POST',
        path: '/things/lamp-7',
        body: '{"thingTypeName": 1}',
        credentials: ROLE_KEYS.viewer,
      });
      assert.equal(response.status, 403);
      assert.equal(response.headers['x-amzn-errortype'], 'AccessDeniedException');
      assert.deepEqual(JSON.parse(response.body), {
        message: 'User: viewer-user (role viewer) is not authorized to perform: iot:CreateThing',
      });
    });

    test('every answer carries x-amzn-RequestId and a Date header for SDK clock correction', async () => {
      const response = await send({ method: 'GET', path: '/things/lamp-1' });
      assert.equal(response.status, 200);
      assert.match(String(response.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
      assert.ok(!Number.isNaN(Date.parse(String(response.headers.date))));
    });
  });
});

describe(toRoutePath.name, () => {
  test('turns AWS path labels into router parameters', () => {
    assert.deepEqual(toRoutePath('/things/{thingName}/principals'), { url: '/things/:thingName/principals' });
    assert.deepEqual(toRoutePath('/retainedMessage/{topic+}'), { url: '/retainedMessage/*', greedyLabel: 'topic' });
    assert.deepEqual(toRoutePath('/endpoint'), { url: '/endpoint' });
  });

  test('refuses paths it cannot route', () => {
    assert.throws(() => toRoutePath('things'), /must start with \//);
    assert.throws(() => toRoutePath('/things/x{name}'), /fill a whole segment/);
    assert.throws(() => toRoutePath('/topics/{topic+}/x'), /greedy label must be the last segment/);
  });
});
