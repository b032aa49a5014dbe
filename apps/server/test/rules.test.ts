// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { DeviceCredentials, LiveServerFrame, Role } from '@meridian/contracts';
import type { InjectOptions } from 'fastify';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { hashPassword } from '../src/auth/password.js';
import { UsersStore } from '../src/auth/users.store.js';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

function connected(client: MqttClient): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
    client.once('close', () => reject(new Error('closed before CONNACK')));
  });
}

interface Received {
  topic: string;
  payload: string;
  packet: IPublishPacket;
}

/** Resolves with the first message on `topic` (or matching `filter`), failing after 5 s. */
function nextMessage(client: MqttClient, matches: (topic: string) => boolean): Promise<Received> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', listener);
      reject(new Error('no message within 5 s'));
    }, 5000);
    const listener = (topic: string, payload: Buffer, packet: IPublishPacket) => {
      if (!matches(topic)) return;
      clearTimeout(timer);
      client.off('message', listener);
      resolve({ topic, payload: payload.toString('utf8'), packet });
    };
    client.on('message', listener);
  });
}

describe('rules in the platform', () => {
  let sut: TestPlatform;
  let cookie: string;
  let device: DeviceCredentials;
  const clients: MqttClient[] = [];
  let hookServer: Server;
  let hookUrl = '';
  const hookBodies: string[] = [];

  const inject = (options: InjectOptions) =>
    sut.platform.app.inject({ ...options, headers: { cookie, ...options.headers } });

  async function connectDevice(clientId: string): Promise<MqttClient> {
    const client = mqtt.connect(`mqtts://127.0.0.1:${sut.ports.mqtts}`, {
      key: device.privateKeyPem,
      cert: device.certificatePem,
      ca: device.caCertificatePem,
      servername: 'localhost',
      reconnectPeriod: 0,
      connectTimeout: 5000,
      clientId,
      protocolVersion: 5,
    });
    clients.push(client);
    return connected(client);
  }

  async function createRule(ruleName: string, topicRulePayload: object) {
    const response = await inject({ method: 'POST', url: '/api/rules', payload: { ruleName, topicRulePayload } });
    assert.equal(response.statusCode, 201, response.body);
    return response.json();
  }

  async function signInAs(role: Role): Promise<string> {
    const username = `${role}-user`;
    new UsersStore(sut.platform.db).create({
      username,
      passwordHash: await hashPassword('long-enough-password'),
      role,
    });
    const response = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: 'long-enough-password' },
    });
    const session = response.cookies.find((c) => c.name === 'meridian_session');
    assert.ok(session);
    return `${session.name}=${session.value}`;
  }

  before(async () => {
    hookServer = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        hookBodies.push(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(request.url === '/broken' ? 500 : 200).end();
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}`;
    sut = await startTestPlatform({ RULES_HTTP_MAX_ATTEMPTS: '2' });
    cookie = await sut.login();
    const created = await inject({ method: 'POST', url: '/api/certificates', payload: { deviceName: 'rules-device' } });
    assert.equal(created.statusCode, 201, created.body);
    device = created.json();
  });

  after(async () => {
    for (const client of clients) client.end(true);
    await sut.close();
    hookServer.closeAllConnections();
    hookServer.close();
  });

  test('CRUD through /api/rules in AWS shapes, with AWS errors as { code, message }', async () => {
    const created = await createRule('crud_rule', { sql: "SELECT * FROM 'crud/+'", actions: [] });
    assert.equal(created.ruleArn, 'arn:aws:iot:us-east-1:123456789012:rule/crud_rule');
    assert.equal(created.rule.awsIotSqlVersion, '2015-10-08');

    const duplicate = await inject({
      method: 'POST',
      url: '/api/rules',
      payload: { ruleName: 'crud_rule', topicRulePayload: { sql: "SELECT * FROM 'x'", actions: [] } },
    });
    assert.equal(duplicate.statusCode, 409);
    assert.equal(duplicate.json().code, 'ResourceAlreadyExistsException');

    const badSql = await inject({
      method: 'POST',
      url: '/api/rules',
      payload: { ruleName: 'bad_sql', topicRulePayload: { sql: 'SELECT * FROM', actions: [] } },
    });
    assert.equal(badSql.statusCode, 400);
    assert.equal(badSql.json().code, 'SqlParseException');
    assert.match(badSql.json().message, /line 1, column \d+/);

    const replaced = await inject({
      method: 'PUT',
      url: '/api/rules/crud_rule',
      payload: { sql: "SELECT a FROM 'crud/#'", actions: [], awsIotSqlVersion: '2016-03-23', ruleDisabled: true },
    });
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.equal(replaced.json().rule.sql, "SELECT a FROM 'crud/#'");
    const listed = await inject({ method: 'GET', url: '/api/rules?topic=crud/x&ruleDisabled=true' });
    assert.deepEqual(
      listed.json().rules.map((r: { ruleName: string; topicPattern: string }) => [r.ruleName, r.topicPattern]),
      [['crud_rule', 'crud/#']],
    );
    assert.equal((await inject({ method: 'POST', url: '/api/rules/crud_rule/enable' })).statusCode, 204);
    assert.equal((await inject({ method: 'GET', url: '/api/rules/crud_rule' })).json().rule.ruleDisabled, false);
    assert.equal((await inject({ method: 'DELETE', url: '/api/rules/crud_rule' })).statusCode, 204);
    const gone = await inject({ method: 'GET', url: '/api/rules/crud_rule' });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().code, 'ResourceNotFoundException');
    assert.equal((await inject({ method: 'GET', url: '/api/rules/bad-name!' })).statusCode, 400);
  });

  test('a viewer may read and test rules but not change them; no session is 401', async () => {
    const viewer = await signInAs('viewer');
    const read = await inject({ method: 'GET', url: '/api/rules', headers: { cookie: viewer } });
    assert.equal(read.statusCode, 200);
    const write = await inject({
      method: 'POST',
      url: '/api/rules',
      headers: { cookie: viewer },
      payload: { ruleName: 'nope', topicRulePayload: { sql: "SELECT * FROM 'x'", actions: [] } },
    });
    assert.equal(write.statusCode, 403);
    const tested = await inject({
      method: 'POST',
      url: '/api/rules/test',
      headers: { cookie: viewer },
      payload: { sql: "SELECT * FROM 'x'", topic: 'x', payload: '{}' },
    });
    assert.equal(tested.statusCode, 200);
    const anonymous = await sut.platform.app.inject({ method: 'GET', url: '/api/rules' });
    assert.equal(anonymous.statusCode, 401);
  });

  test('POST /api/rules/test runs the production evaluator and explains non-matches', async () => {
    const run = async (body: object) =>
      (await inject({ method: 'POST', url: '/api/rules/test', payload: body })).json();
    const sql =
      "SELECT temperature, topic(2) AS device, clientid() AS c FROM 'sensors/+/telemetry' WHERE temperature > 30";
    assert.deepEqual(
      await run({
        sql,
        topic: 'sensors/d1/telemetry',
        payload: '{"temperature":31}',
        clientId: 'probe',
        sqlVersion: '2016-03-23',
      }),
      { result: 'output', output: '{"temperature":31,"device":"d1","c":"probe"}', outputEncoding: 'json' },
    );
    assert.equal((await run({ sql, topic: 'sensors/d1/other', payload: '{}' })).reason, 'topic');
    assert.equal((await run({ sql, topic: 'sensors/d1/telemetry', payload: '{"temperature":1}' })).reason, 'where');
    const parse = await run({ sql: 'SELECT a\nFROM', topic: 't', payload: '{}' });
    assert.equal(parse.result, 'parse-error');
    assert.equal(parse.line, 2);
  });

  test('republish through the real broker: templated topic, MQTT 5 user properties, principal() is the certificate id', async () => {
    await createRule('republish_rule', {
      sql: "SELECT temperature, principal() AS p FROM 'sensors/+/telemetry' WHERE temperature > 30",
      awsIotSqlVersion: '2016-03-23',
      actions: [
        {
          republish: {
            topic: 'alerts/${topic(2)}',
            qos: 1,
            headers: { userProperties: [{ key: 'source', value: '${clientid()}' }] },
          },
        },
      ],
    });
    const listener = await connectDevice('alerts-listener');
    await listener.subscribeAsync('alerts/#', { qos: 1 });
    const sensor = await connectDevice('sensor-1');
    const alert = nextMessage(listener, (topic) => topic.startsWith('alerts/'));
    await sensor.publishAsync('sensors/s1/telemetry', JSON.stringify({ temperature: 20 }), { qos: 1 });
    await sensor.publishAsync('sensors/s1/telemetry', JSON.stringify({ temperature: 35 }), { qos: 1 });
    const received = await alert;
    assert.equal(received.topic, 'alerts/s1');
    assert.deepEqual(JSON.parse(received.payload), { temperature: 35, p: device.certificateId });
    assert.equal(received.packet.qos, 1);
    assert.deepEqual({ ...received.packet.properties?.userProperties }, { source: 'sensor-1' });

    const metrics = (await inject({ method: 'GET', url: '/api/rules/republish_rule/metrics' })).json();
    assert.equal(metrics.messagesMatched, 1);
    assert.equal(metrics.actionsSucceeded, 1);
    const activity = (await inject({ method: 'GET', url: '/api/rules/republish_rule/activity' })).json().activity;
    assert.deepEqual(
      activity.map((a: { kind: string }) => a.kind),
      ['output'],
    );
    const later = await inject({ method: 'GET', url: `/api/rules/republish_rule/activity?after=${activity[0].seq}` });
    assert.deepEqual(later.json().activity, []);
  });

  test('Basic Ingest: $aws/rules/{name}/... reaches that rule only, not subscribers', async () => {
    await createRule('ingest_rule', {
      sql: 'SELECT topic() AS t, n',
      actions: [{ republish: { topic: 'ingested' } }],
    });
    const listener = await connectDevice('ingest-listener');
    await listener.subscribeAsync({ ingested: { qos: 1 }, 'plant/#': { qos: 1 } });
    const sensor = await connectDevice('ingest-sensor');
    const ingested = nextMessage(listener, () => true);
    await sensor.publishAsync('$aws/rules/ingest_rule/plant/7', JSON.stringify({ n: 7 }), { qos: 1 });
    const received = await ingested;
    assert.equal(received.topic, 'ingested');
    assert.deepEqual(JSON.parse(received.payload), { t: 'plant/7', n: 7 });
  });

  test('the live socket streams the outputs and errors of watched rules only', async () => {
    await createRule('watched_rule', {
      sql: "SELECT n FROM 'watch/in'",
      // `{n}` is not a shadow document (no `state`): the shadow service refuses it, so the action fails.
      actions: [{ shadow: { thingName: 'refusing-shadow' } }],
    });
    await createRule('unwatched_rule', { sql: "SELECT n FROM 'watch/in'", actions: [] });
    const socket = new WebSocket(`ws://127.0.0.1:${sut.ports.http}/api/live`, { headers: { cookie } });
    const frames: LiveServerFrame[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data)) as LiveServerFrame));
    const until = (count: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${frames.length} frames`)), 5000);
        const check = () => {
          if (frames.length < count) return;
          clearTimeout(timer);
          socket.off('message', check);
          resolve();
        };
        socket.on('message', check);
        check();
      });
    try {
      await once(socket, 'open');
      socket.send(JSON.stringify({ type: 'watch-rules', ruleNames: ['watched_rule'] }));
      await until(1);
      assert.deepEqual(frames[0], { type: 'watching-rules', ruleNames: ['watched_rule'] });
      sut.platform.broker.publish({ topic: 'watch/in', payload: '{"n":5}', qos: 0, retain: false });
      await until(3);
      const activity = frames.slice(1).map((f) => (f.type === 'rule-activity' ? f.activity : undefined));
      assert.deepEqual(
        activity.map((a) => [a?.ruleName, a?.kind]),
        [
          ['watched_rule', 'output'],
          ['watched_rule', 'error'],
        ],
      );
      const error = activity[1];
      assert.equal(
        error?.kind === 'error' && error.errorMessage,
        'Shadow update rejected: Missing required node: state',
      );
    } finally {
      socket.close();
    }
  });

  test('timeseries rows feed the downsampled query API', async () => {
    await createRule('series_rule', {
      sql: "SELECT temperature FROM 'series/+/t'",
      actions: [{ timeseries: { deviceKey: '${topic(2)}', time: '${ts}' } }],
    });
    const sensor = await connectDevice('series-sensor');
    const start = Date.UTC(2026, 5, 1);
    for (let i = 0; i < 10; i++) {
      await sensor.publishAsync('series/dev9/t', JSON.stringify({ temperature: i, ts: start + i * 1000 }), { qos: 1 });
    }
    await sut.platform.rules.engine.whenIdle();
    const query = await inject({
      method: 'GET',
      url: `/api/timeseries/query?deviceKey=dev9&fields=temperature&from=${start}&to=${start + 10_000}&buckets=2`,
    });
    assert.equal(query.statusCode, 200, query.body);
    assert.deepEqual(query.json().series.temperature, [
      { time: start, count: 5, min: 0, avg: 2, max: 4 },
      { time: start + 5000, count: 5, min: 5, avg: 7, max: 9 },
    ]);
    const devices = (await inject({ method: 'GET', url: '/api/timeseries' })).json().devices;
    assert.deepEqual(
      devices.find((d: { deviceKey: string }) => d.deviceKey === 'dev9'),
      { deviceKey: 'dev9', lastTime: start + 9000, fields: ['temperature'] },
    );
  });

  test('timeseries rows stored under the client id are listed by device key for the console to chart', async () => {
    await createRule('series_by_client', {
      sql: "SELECT watts FROM 'meters/+/power'",
      actions: [{ timeseries: { deviceKey: '${clientid()}', time: '${ts}' } }],
    });
    const meter = await connectDevice('meter-client-7');
    const start = Date.UTC(2026, 5, 2);
    await meter.publishAsync('meters/m7/power', JSON.stringify({ watts: 230, ts: start }), { qos: 1 });
    await meter.publishAsync('meters/m7/power', JSON.stringify({ watts: 240.5, ts: start + 1000 }), { qos: 1 });
    await sut.platform.rules.engine.whenIdle();

    const response = await inject({ method: 'GET', url: '/api/timeseries' });
    assert.equal(response.statusCode, 200, response.body);
    const devices: Array<{ deviceKey: string }> = response.json().devices;
    assert.deepEqual(
      devices.find((d) => d.deviceKey === 'meter-client-7'),
      { deviceKey: 'meter-client-7', lastTime: start + 1000, fields: ['watts'] },
    );
    assert.equal(
      devices.some((d) => d.deviceKey === 'm7'),
      false,
    );
    const fields = await inject({ method: 'GET', url: '/api/timeseries/fields?deviceKey=meter-client-7' });
    assert.deepEqual(
      fields.json().fields.map((f: { name: string }) => f.name),
      ['watts'],
    );
  });

  test('http: an unconfirmed destination fails and fires the error action; after confirmation it is called', async () => {
    await createRule('hook_rule', {
      sql: "SELECT v FROM 'hook/in'",
      actions: [{ http: { url: `${hookUrl}/ok` } }],
      errorAction: { republish: { topic: 'hook/errors' } },
    });
    const destinations = (await inject({ method: 'GET', url: '/api/rule-destinations' })).json().destinations;
    assert.deepEqual(
      destinations.map((d: { url: string; status: string }) => [d.url, d.status]),
      [[`${hookUrl}/`, 'PENDING']],
    );
    const listener = await connectDevice('hook-listener');
    await listener.subscribeAsync('hook/errors', { qos: 1 });
    const sensor = await connectDevice('hook-sensor');
    const errored = nextMessage(listener, (topic) => topic === 'hook/errors');
    await sensor.publishAsync('hook/in', '{"v":1}', { qos: 1 });
    const document = JSON.parse((await errored).payload);
    assert.equal(document.ruleName, 'hook_rule');
    assert.equal(document.clientId, 'hook-sensor');
    assert.equal(document.base64OriginalPayload, Buffer.from('{"v":1}').toString('base64'));
    assert.equal(document.failures[0].failedAction, 'HttpAction');
    assert.match(document.failures[0].errorMessage, /No confirmed destination/);
    assert.equal(hookBodies.length, 0);

    const confirmed = await inject({
      method: 'PUT',
      url: '/api/rule-destinations',
      payload: { url: `${hookUrl}/`, status: 'CONFIRMED' },
    });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    await sensor.publishAsync('hook/in', '{"v":2}', { qos: 1 });
    await sut.platform.rules.engine.whenIdle();
    assert.deepEqual(hookBodies, ['{"v":2}']);

    const metricsText = (await sut.platform.app.inject({ method: 'GET', url: '/metrics' })).body;
    assert.match(metricsText, /meridian_rule_actions_failed_total\{rule="hook_rule"\} 1/);
    assert.match(metricsText, /meridian_rule_actions_succeeded_total\{rule="hook_rule"\} 1/);
    assert.match(metricsText, /meridian_rule_error_actions_succeeded_total\{rule="hook_rule"\} 1/);
    assert.match(metricsText, /meridian_rule_messages_matched_total\{rule="hook_rule"\} 2/);
    assert.match(metricsText, /meridian_mqtt_clients \d+/);
  });
});

test('rules survive a platform restart and run again', async () => {
  const first = await startTestPlatform({ MQTT_TCP_PORT: '0' });
  const dataDir = first.dataDir;
  const cookie = await first.login();
  const created = await first.platform.app.inject({
    method: 'POST',
    url: '/api/rules',
    headers: { cookie },
    payload: {
      ruleName: 'durable',
      topicRulePayload: { sql: "SELECT * FROM 'in'", actions: [{ republish: { topic: 'out' } }] },
    },
  });
  assert.equal(created.statusCode, 201, created.body);
  await first.platform.close();

  const second = await startTestPlatform({}, { dataDir });
  try {
    const republished = new Promise<string>((resolve) => {
      second.platform.broker.onPublish((message) => {
        if (message.topic === 'out') resolve(message.payload.toString());
      });
    });
    second.platform.broker.publish({ topic: 'in', payload: '{"after":"restart"}', qos: 0, retain: false });
    assert.equal(await republished, '{"after":"restart"}');
  } finally {
    await second.close();
    await first.close();
  }
});
