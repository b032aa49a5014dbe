import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

describe('rule builder API', () => {
  let sut: TestPlatform;
  let cookie: string;
  const inject = (options: InjectOptions) =>
    sut.platform.app.inject({ ...options, headers: { cookie, ...options.headers } });

  before(async () => {
    sut = await startTestPlatform();
    cookie = await sut.login();
  });

  after(async () => {
    await sut.close();
  });

  test('validate answers the FROM filter of a statement that parses', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/rules/validate',
      payload: { sql: "SELECT temperature FROM 'sensors/+/telemetry' WHERE temperature > 30" },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { valid: true, topicFilter: 'sensors/+/telemetry' });
  });

  test('validate gives the reason and position of a parse error, for the SQL version asked', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/rules/validate',
      payload: { sql: "SELECT a,\n  FROM 'x'" },
    });
    const body = response.json();
    assert.equal(body.valid, false);
    assert.equal(body.line, 2);
    assert.equal(body.column, 3);
    assert.doesNotMatch(body.message, /line 2/);

    const literal = "SELECT {'a': 1} AS o FROM 'x'";
    const v2015 = await inject({
      method: 'POST',
      url: '/api/rules/validate',
      payload: { sql: literal, sqlVersion: '2015-10-08' },
    });
    assert.equal(v2015.json().valid, false);
    const v2016 = await inject({
      method: 'POST',
      url: '/api/rules/validate',
      payload: { sql: literal, sqlVersion: '2016-03-23' },
    });
    assert.deepEqual(v2016.json(), { valid: true, topicFilter: 'x' });
  });

  test('captured messages: the last messages the platform accepted on topics matching a filter', async () => {
    for (const [topic, temperature] of [
      ['sensors/s1/telemetry', 21],
      ['sensors/s2/telemetry', 35],
      ['sensors/s1/status', 0],
    ] as const) {
      const published = await inject({
        method: 'POST',
        url: '/api/publish',
        payload: { topic, qos: 0, retain: false, payload: JSON.stringify({ temperature }) },
      });
      assert.ok(published.statusCode < 300, published.body);
    }
    const response = await inject({
      method: 'GET',
      url: `/api/rules/captured-messages?${new URLSearchParams({ filter: 'sensors/+/telemetry' })}`,
    });
    assert.equal(response.statusCode, 200, response.body);
    const { messages } = response.json();
    assert.deepEqual(
      messages.map((m: { topic: string; payload: string }) => [m.topic, m.payload]),
      [
        ['sensors/s2/telemetry', '{"temperature":35}'],
        ['sensors/s1/telemetry', '{"temperature":21}'],
      ],
    );
    assert.equal(messages[0].payloadEncoding, 'utf8');

    const limited = await inject({ method: 'GET', url: '/api/rules/captured-messages?filter=sensors/%23&limit=1' });
    assert.equal(limited.json().messages.length, 1);
  });

  test('captured messages refuse an invalid filter with a 400 and a message', async () => {
    const response = await inject({ method: 'GET', url: '/api/rules/captured-messages?filter=a/%23/b' });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      code: 'InvalidRequestException',
      message: '"a/#/b" is not a valid topic filter',
    });
  });

  test('a test of a captured binary message runs on its bytes', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/rules/test',
      payload: {
        sql: "SELECT encode(*, 'base64') AS b FROM 'bin'",
        sqlVersion: '2016-03-23',
        topic: 'bin',
        payload: Buffer.from([0xff, 0x01]).toString('base64'),
        payloadEncoding: 'base64',
      },
    });
    assert.deepEqual(response.json(), { result: 'output', output: '{"b":"/wE="}', outputEncoding: 'json' });
  });

  test('the builder endpoints need a session', async () => {
    const response = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/rules/validate',
      payload: { sql: "SELECT * FROM 'x'" },
    });
    assert.equal(response.statusCode, 401);
  });
});

describe('rule builder API with the message capture turned off', () => {
  test('RULES_CAPTURE_TOPICS=0 keeps no message', async () => {
    const sut = await startTestPlatform({ RULES_CAPTURE_TOPICS: '0' });
    try {
      const cookie = await sut.login();
      const published = await sut.platform.app.inject({
        method: 'POST',
        url: '/api/publish',
        headers: { cookie },
        payload: { topic: 'sensors/s1/telemetry', qos: 0, retain: false, payload: '{"temperature":40}' },
      });
      assert.ok(published.statusCode < 300, published.body);
      const response = await sut.platform.app.inject({
        method: 'GET',
        url: '/api/rules/captured-messages?filter=%23',
        headers: { cookie },
      });
      assert.deepEqual(response.json(), { messages: [] });
    } finally {
      await sut.close();
    }
  });
});
