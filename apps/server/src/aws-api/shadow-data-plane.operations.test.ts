import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  ConflictException,
  DeleteThingShadowCommand,
  ForbiddenException,
  GetThingShadowCommand,
  InvalidRequestException,
  type IoTDataPlaneClient,
  ListNamedShadowsForThingCommand,
  RequestEntityTooLargeException,
  ResourceNotFoundException,
  ThrottlingException,
  UnsupportedDocumentEncodingException,
  UpdateThingShadowCommand,
} from '@aws-sdk/client-iot-data-plane';
import { ShadowService } from '@meridian/shadow';
import { SqliteShadowStore } from '../shadows/sqlite-shadow-store.js';
import type { AwsCaller } from './aws-operation.js';
import { shadowDataPlaneOperations } from './shadow-data-plane.operations.js';
import { rejectsAs, startTestAwsApi, TEST_CALLER, type TestAwsApi } from './test-aws-api.js';

const NOW = 1_760_000_000;

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const parse = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));

describe(shadowDataPlaneOperations.name, () => {
  let api: TestAwsApi;
  let monotonicMs = 0;
  let data: IoTDataPlaneClient;
  const published: Array<{ topic: string; payload: unknown }> = [];
  const authorized: Array<[string, string, string | undefined, AwsCaller]> = [];

  before(async () => {
    api = await startTestAwsApi((db) =>
      shadowDataPlaneOperations(
        new ShadowService<AwsCaller>({
          store: new SqliteShadowStore(db),
          publish: (topic, payload) => {
            published.push({ topic, payload: JSON.parse(payload.toString('utf8')) });
          },
          authorize: (action, thingName, shadowName, principal) => {
            authorized.push([action, thingName, shadowName, principal]);
            return thingName !== 'forbidden';
          },
          clock: () => NOW,
          monotonicClock: () => monotonicMs,
        }),
      ),
    );
    data = api.data();
  });
  after(() => api.close());
  beforeEach(() => {
    published.length = 0;
    authorized.length = 0;
    // A second later for every test: the per-thing rate limit starts over.
    monotonicMs += 1000;
  });

  test('UpdateThingShadow answers the accepted document and publishes the MQTT responses; GetThingShadow reads it', async () => {
    const request = { state: { desired: { power: 'on' }, reported: { power: 'off' } }, clientToken: 'tok-1' };
    const updated = await data.send(new UpdateThingShadowCommand({ thingName: 'lamp-1', payload: json(request) }));
    assert.deepEqual(parse(updated.payload), {
      state: { desired: { power: 'on' }, reported: { power: 'off' } },
      metadata: { desired: { power: { timestamp: NOW } }, reported: { power: { timestamp: NOW } } },
      version: 1,
      timestamp: NOW,
      clientToken: 'tok-1',
    });
    assert.deepEqual(
      published.map((message) => message.topic),
      [
        '$aws/things/lamp-1/shadow/update/accepted',
        '$aws/things/lamp-1/shadow/update/documents',
        '$aws/things/lamp-1/shadow/update/delta',
      ],
    );
    assert.deepEqual(authorized, [['iot:UpdateThingShadow', 'lamp-1', undefined, TEST_CALLER]]);

    const got = await data.send(new GetThingShadowCommand({ thingName: 'lamp-1' }));
    assert.deepEqual(parse(got.payload), {
      state: { desired: { power: 'on' }, reported: { power: 'off' }, delta: { power: 'on' } },
      metadata: { desired: { power: { timestamp: NOW } }, reported: { power: { timestamp: NOW } } },
      version: 1,
      timestamp: NOW,
    });
  });

  test('named shadows (?name=) are separate documents; ListNamedShadowsForThing pages their names', async () => {
    await data.send(
      new UpdateThingShadowCommand({ thingName: 'multi', payload: json({ state: { reported: { a: 1 } } }) }),
    );
    for (const shadowName of ['config', 'firmware', 'alarms']) {
      await data.send(
        new UpdateThingShadowCommand({
          thingName: 'multi',
          shadowName,
          payload: json({ state: { reported: { name: shadowName } } }),
        }),
      );
    }
    assert.ok(published.some((message) => message.topic === '$aws/things/multi/shadow/name/config/update/accepted'));
    const firmware = parse(
      (await data.send(new GetThingShadowCommand({ thingName: 'multi', shadowName: 'firmware' }))).payload,
    );
    assert.deepEqual([firmware.state.reported, firmware.version], [{ name: 'firmware' }, 1]);

    const first = await data.send(new ListNamedShadowsForThingCommand({ thingName: 'multi', pageSize: 2 }));
    assert.deepEqual(first.results, ['alarms', 'config']);
    assert.equal(first.timestamp, NOW);
    assert.ok(first.nextToken);
    const second = await data.send(
      new ListNamedShadowsForThingCommand({ thingName: 'multi', pageSize: 2, nextToken: first.nextToken }),
    );
    assert.deepEqual(second.results, ['firmware']);
    assert.equal(second.nextToken, undefined);
    const unknown = await data.send(new ListNamedShadowsForThingCommand({ thingName: 'never-seen' }));
    assert.deepEqual(unknown.results, []);
    await rejectsAs(
      data.send(new ListNamedShadowsForThingCommand({ thingName: 'multi', pageSize: 101 })),
      InvalidRequestException,
      400,
      /pageSize must be an integer from 1 to 100/,
    );
  });

  test('DeleteThingShadow answers version and timestamp; the shadow is then gone (404)', async () => {
    await data.send(
      new UpdateThingShadowCommand({
        thingName: 'temp',
        shadowName: 'x',
        payload: json({ state: { desired: { a: 1 } } }),
      }),
    );
    await data.send(
      new UpdateThingShadowCommand({
        thingName: 'temp',
        shadowName: 'x',
        payload: json({ state: { desired: { a: 2 } } }),
      }),
    );
    const deleted = await data.send(new DeleteThingShadowCommand({ thingName: 'temp', shadowName: 'x' }));
    assert.deepEqual(parse(deleted.payload), { version: 2, timestamp: NOW });
    assert.ok(published.some((message) => message.topic === '$aws/things/temp/shadow/name/x/delete/accepted'));
    await rejectsAs(
      data.send(new GetThingShadowCommand({ thingName: 'temp', shadowName: 'x' })),
      ResourceNotFoundException,
      404,
      /^No shadow exists with name: 'x'$/,
    );
    await rejectsAs(
      data.send(new DeleteThingShadowCommand({ thingName: 'temp', shadowName: 'x' })),
      ResourceNotFoundException,
      404,
    );
    assert.deepEqual((await data.send(new ListNamedShadowsForThingCommand({ thingName: 'temp' }))).results, []);
  });

  test('each shadow refusal reaches the SDK as its exception with the status of the shadow error table', async () => {
    await data.send(
      new UpdateThingShadowCommand({ thingName: 'strict', payload: json({ state: { desired: { a: 1 } } }) }),
    );
    await rejectsAs(
      data.send(
        new UpdateThingShadowCommand({
          thingName: 'strict',
          payload: json({ state: { desired: { a: 2 } }, version: 7 }),
        }),
      ),
      ConflictException,
      409,
      /^Version conflict$/,
    );
    await rejectsAs(
      data.send(new UpdateThingShadowCommand({ thingName: 'strict', payload: Buffer.from('{"state": ') })),
      InvalidRequestException,
      400,
      /^Invalid JSON$/,
    );
    await rejectsAs(
      data.send(new UpdateThingShadowCommand({ thingName: 'strict', payload: json({ desired: {} }) })),
      InvalidRequestException,
      400,
      /^Missing required node: state$/,
    );
    await rejectsAs(
      data.send(new UpdateThingShadowCommand({ thingName: 'strict', payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) })),
      UnsupportedDocumentEncodingException,
      415,
    );
    await rejectsAs(
      data.send(
        new UpdateThingShadowCommand({
          thingName: 'strict',
          payload: json({ state: { desired: { big: 'x'.repeat(9000) } } }),
        }),
      ),
      RequestEntityTooLargeException,
      413,
      /exceeds the maximum size/,
    );
    await rejectsAs(
      data.send(new GetThingShadowCommand({ thingName: 'forbidden' })),
      ForbiddenException,
      403,
      /^Forbidden$/,
    );
    await rejectsAs(
      data.send(new GetThingShadowCommand({ thingName: 'strict', shadowName: 'bad/name' })),
      InvalidRequestException,
      400,
      /Invalid shadow name/,
    );
    await rejectsAs(
      data.send(new GetThingShadowCommand({ thingName: 'has space' })),
      InvalidRequestException,
      400,
      /Invalid thing name/,
    );
  });

  test('over 20 requests per second for one thing: ThrottlingException 429 "Rate limit exceeded"', async () => {
    const get = () => data.send(new GetThingShadowCommand({ thingName: 'busy' }));
    await data.send(
      new UpdateThingShadowCommand({ thingName: 'busy', payload: json({ state: { reported: { n: 0 } } }) }),
    );
    for (let i = 1; i < 20; i += 1) await get();
    await rejectsAs(get(), ThrottlingException, 429, /^Rate limit exceeded$/);
    const raw = await api.send({
      method: 'POST',
      path: '/things/busy/shadow?name=other',
      body: '{"state":{},"clientToken":"t"}',
    });
    assert.equal(raw.status, 429);
    assert.equal(raw.headers['x-amzn-errortype'], 'ThrottlingException');
    assert.deepEqual(
      { ...JSON.parse(raw.body.toString('utf8')), timestamp: 0 },
      { code: 429, message: 'Rate limit exceeded', clientToken: 't', timestamp: 0 },
    );
    monotonicMs += 50;
    assert.equal(parse((await get()).payload).version, 1, 'one more request 1/20 s later');
  });

  test('a refusal carries the shadow error document with the clientToken of the request', async () => {
    const body = JSON.stringify({ state: { desired: { a: 1 } }, version: 42, clientToken: 'tok-9' });
    await data.send(
      new UpdateThingShadowCommand({ thingName: 'doc', payload: json({ state: { desired: { a: 0 } } }) }),
    );
    const before = Math.floor(Date.now() / 1000);
    const response = await api.send({
      method: 'POST',
      path: '/things/doc/shadow',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    assert.equal(response.status, 409);
    assert.equal(response.headers['x-amzn-errortype'], 'ConflictException');
    const document = JSON.parse(response.body.toString('utf8'));
    assert.deepEqual(
      { ...document, timestamp: typeof document.timestamp },
      { code: 409, message: 'Version conflict', clientToken: 'tok-9', timestamp: 'number' },
    );
    assert.ok(document.timestamp >= before && document.timestamp <= Math.ceil(Date.now() / 1000));

    const missing = await api.send({ method: 'GET', path: '/things/doc/shadow?name=none' });
    assert.equal(missing.status, 404);
    const notFound = JSON.parse(missing.body.toString('utf8'));
    assert.deepEqual(Object.keys(notFound).sort(), ['code', 'message', 'timestamp']);
    assert.deepEqual([notFound.code, notFound.message], [404, "No shadow exists with name: 'none'"]);
  });
});
