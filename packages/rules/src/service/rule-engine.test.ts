// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ruleEnvironment } from '../environment.js';
import type { Value } from '../values/value.js';
import { RuleEngine } from './rule-engine.js';
import { newTestRules } from './test-helpers.js';

const json = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8'));

describe(RuleEngine.name, () => {
  test('republish renders the topic, QoS, retain and MQTT 5 headers from templates; $$aws reaches $aws', async () => {
    const { sut, engine, publish, published } = newTestRules();
    await sut.createTopicRule('r', {
      sql: "SELECT temperature AS t FROM 'sensors/+/telemetry' WHERE temperature > 30",
      awsIotSqlVersion: '2016-03-23',
      actions: [
        {
          republish: {
            topic: '$$aws/things/${topic(2)}/shadow/update',
            qos: 1,
            retain: true,
            headers: {
              contentType: 'application/json',
              correlationData: '${encode(clientid(), "base64")}',
              messageExpiry: '60',
              payloadFormatIndicator: 'UTF8_DATA',
              userProperties: [
                { key: 'device', value: '${topic(2)}' },
                { key: 'device', value: 'twice' },
              ],
            },
          },
        },
      ],
    });
    publish('sensors/d1/telemetry', { temperature: 25 });
    publish('sensors/d1/telemetry', { temperature: 35 }, { clientId: 'abc' });
    await engine.whenIdle();
    assert.equal(published.length, 1);
    const [message] = published;
    assert.equal(message?.topic, '$aws/things/d1/shadow/update');
    assert.deepEqual(json(message?.payload as Uint8Array), { t: 35 });
    assert.equal(message?.qos, 1);
    assert.equal(message?.retain, true);
    assert.deepEqual(message?.properties, {
      contentType: 'application/json',
      correlationData: Buffer.from('abc'),
      messageExpiryInterval: 60,
      payloadFormatIndicator: true,
      userProperties: { device: ['d1', 'twice'] },
    });
  });

  test('evaluation context: clientid(), principal(), timestamp(), traceid(), topic() and MQTT 5 properties', async () => {
    const { sut, engine, publish, published, setClock } = newTestRules();
    setClock(1_767_225_600_000);
    await sut.createTopicRule('ctx', {
      sql: "SELECT clientid() AS c, principal() AS p, timestamp() AS ts, traceid() AS tr, topic() AS t, get_user_properties('k') AS up, get_mqtt_property('content_type') AS ct FROM 'x/#'",
      awsIotSqlVersion: '2016-03-23',
      actions: [{ republish: { topic: 'out' } }],
    });
    publish(
      'x/y',
      {},
      { principal: 'f'.repeat(64), properties: { userProperties: [['k', 'v1']], contentType: 'text/x' } },
    );
    await engine.whenIdle();
    assert.deepEqual(json(published[0]?.payload as Uint8Array), {
      c: 'device-1',
      p: 'f'.repeat(64),
      ts: 1_767_225_600_000,
      tr: 'trace-1',
      t: 'x/y',
      up: ['v1'],
      ct: 'text/x',
    });
  });

  test('one failing action does not stop the others; the error action gets one AWS error document', async () => {
    let rejectShadow = true;
    const { sut, engine, publish, published, rows } = newTestRules({
      ports: {
        updateShadow: async () => {
          if (rejectShadow) throw new Error('version conflict');
        },
      },
    });
    await sut.createTopicRule('multi', {
      sql: "SELECT * FROM 'in/+'",
      actions: [
        { shadow: { thingName: '${topic(2)}', shadowName: 'cfg' } },
        { republish: { topic: 'ok/${topic(2)}' } },
        { timeseries: { deviceKey: '' + '${missing}' } },
        { timeseries: { deviceKey: '${topic(2)}' } },
      ],
      errorAction: { republish: { topic: 'errors/${topic(2)}' } },
    });
    publish('in/dev', { v: 1 }, { clientId: 'cli' });
    await engine.whenIdle();
    assert.deepEqual(
      published.map((m) => m.topic),
      ['ok/dev', 'errors/dev'],
    );
    assert.equal(rows.length, 1);
    assert.deepEqual(json(published[1]?.payload as Uint8Array), {
      ruleName: 'multi',
      topic: 'in/dev',
      cloudwatchTraceId: 'trace-1',
      clientId: 'cli',
      base64OriginalPayload: Buffer.from('{"v":1}').toString('base64'),
      failures: [
        {
          failedAction: 'ShadowAction',
          failedResource: 'dev/cfg',
          errorMessage: 'Shadow update rejected: version conflict',
        },
        {
          failedAction: 'TimeseriesAction',
          failedResource: '${missing}',
          errorMessage: 'The device key rendered empty',
        },
      ],
    });
    assert.deepEqual(engine.monitor.metrics('multi'), {
      ruleName: 'multi',
      messagesMatched: 1,
      evaluationErrors: 0,
      actionsSucceeded: 2,
      actionsFailed: 2,
      errorActionsSucceeded: 1,
      errorActionsFailed: 0,
      lastError: { message: 'The device key rendered empty', at: '2026-01-01T12:00:00.000Z' },
    });
    rejectShadow = false;
  });

  test('a failing error action is counted and not retried', async () => {
    const { sut, engine, publish } = newTestRules({
      ports: { updateShadow: async () => Promise.reject(new Error('no')) },
    });
    await sut.createTopicRule('r', {
      sql: "SELECT * FROM 'in'",
      actions: [{ shadow: { thingName: 't' } }],
      errorAction: { shadow: { thingName: 'errors' } },
    });
    publish('in', {});
    await engine.whenIdle();
    const metrics = engine.monitor.metrics('r');
    assert.equal(metrics.actionsFailed, 1);
    assert.equal(metrics.errorActionsFailed, 1);
    const errors = engine.monitor.recentActivity('r').filter((a) => a.kind === 'error');
    assert.deepEqual(
      errors.map((e) => (e.kind === 'error' ? e.failedAction : '')),
      ['ShadowAction', 'ErrorAction ShadowAction'],
    );
  });

  test('shadow action sends the output as the update document of the named or classic shadow', async () => {
    const { sut, engine, publish, shadowUpdates } = newTestRules();
    await sut.createTopicRule('s', {
      sql: "SELECT {'reported': {'t': temperature}} AS state FROM 'dev/+/t'",
      awsIotSqlVersion: '2016-03-23',
      actions: [{ shadow: { thingName: '${topic(2)}' } }, { shadow: { thingName: '${topic(2)}', shadowName: 'env' } }],
    });
    publish('dev/lamp/t', { temperature: 21.5 });
    await engine.whenIdle();
    assert.deepEqual(shadowUpdates, [
      { thingName: 'lamp', shadowName: undefined, document: '{"state":{"reported":{"t":21.5}}}' },
      { thingName: 'lamp', shadowName: 'env', document: '{"state":{"reported":{"t":21.5}}}' },
    ]);
  });

  test('get_thing_shadow reads the current shadow through the reader port at each message, in WHERE and SELECT', async () => {
    const shadows = new Map<string, Value>([
      ['lamp/', { state: { reported: { mode: 'eco' } }, metadata: {}, version: 4, timestamp: 1_767_225_600 }],
      ['lamp/env', { state: { desired: { target: 21 } }, metadata: {}, version: 1, timestamp: 1_767_225_600 }],
    ]);
    const reads: string[] = [];
    const environment = ruleEnvironment({
      getThingShadow: (thing, shadow) => {
        reads.push(`${thing}/${shadow ?? ''}`);
        return shadows.get(`${thing}/${shadow ?? ''}`);
      },
    });
    const { sut, engine, publish, published } = newTestRules({ environment });
    await sut.createTopicRule('enrich', {
      sql: `SELECT temp, get_thing_shadow(topic(2), 'arn:aws:iam::123456789012:role/r').state.reported.mode AS mode,
              get_thing_shadow(topic(2), 'env', 'arn:aws:iam::123456789012:role/r').state.desired.target AS target
            FROM 'sensors/+/telemetry'
            WHERE get_thing_shadow(topic(2), 'arn:aws:iam::123456789012:role/r').version > 3`,
      awsIotSqlVersion: '2016-03-23',
      actions: [{ republish: { topic: 'out/${topic(2)}' } }],
    });
    assert.equal(reads.length, 0, 'shadows are read per message, not when the rule is compiled');

    publish('sensors/lamp/telemetry', { temp: 20 });
    // No shadow: Undefined, so WHERE is not true.
    publish('sensors/ghost/telemetry', { temp: 20 });
    shadows.set('lamp/', {
      state: { reported: { mode: 'boost' } },
      metadata: {},
      version: 5,
      timestamp: 1_767_225_601,
    });
    publish('sensors/lamp/telemetry', { temp: 22 });
    await engine.whenIdle();
    assert.deepEqual(
      published.map((message) => [message.topic, json(message.payload)]),
      [
        ['out/lamp', { temp: 20, mode: 'eco', target: 21 }],
        ['out/lamp', { temp: 22, mode: 'boost', target: 21 }],
      ],
    );
    assert.ok(reads.includes('ghost/'));
  });

  test('timeseries stores the output object with the device key and time (message time or template)', async () => {
    const { sut, engine, publish, rows, setClock } = newTestRules();
    setClock(5000);
    await sut.createTopicRule('ts', {
      sql: "SELECT temperature, humidity FROM 'dev/+/t'",
      actions: [{ timeseries: { deviceKey: '${topic(2)}' } }, { timeseries: { deviceKey: 'x', time: '${ts}' } }],
    });
    publish('dev/a/t', { temperature: 1.5, humidity: 40, ts: 1234 });
    await engine.whenIdle();
    assert.deepEqual(rows, [
      { deviceKey: 'a', time: 5000, values: '{"temperature":1.5,"humidity":40}' },
      { deviceKey: 'x', time: 1234, values: '{"temperature":1.5,"humidity":40}' },
    ]);
  });

  test('Basic Ingest reaches only the named enabled rule, whatever its FROM, with topic() the rest', async () => {
    const { sut, engine, published } = newTestRules();
    await sut.createTopicRule('ingest', {
      sql: "SELECT topic() AS t, v FROM 'never/matches'",
      actions: [{ republish: { topic: 'out/ingest' } }],
    });
    await sut.createTopicRule('other', {
      sql: "SELECT * FROM 'out/ingest'",
      actions: [{ republish: { topic: 'out/other' } }],
    });
    await sut.createTopicRule('off', {
      sql: 'SELECT *',
      actions: [{ republish: { topic: 'out/off' } }],
      ruleDisabled: true,
    });
    const message = (topic: string) => ({ topic, payload: Buffer.from('{"v":7}'), timestamp: 1 });
    engine.handleBasicIngest('ingest', message('plant/3'));
    engine.handleBasicIngest('off', message('plant/3'));
    engine.handleBasicIngest('unknown', message('plant/3'));
    await engine.whenIdle();
    const ingest = published.filter((m) => m.topic === 'out/ingest');
    assert.equal(ingest.length, 1);
    assert.deepEqual(json(ingest[0]?.payload as Uint8Array), { t: 'plant/3', v: 7 });
    assert.equal(published.filter((m) => m.topic === 'out/off').length, 0);
    // The republished message itself goes through the broker, where other rules see it.
    assert.deepEqual(
      published.map((m) => m.topic),
      ['out/ingest', 'out/other'],
    );
  });

  test('a rule republishing into its own FROM filter is stopped after the hop limit', async () => {
    const { sut, engine, publish, published } = newTestRules({ maxRepublishHops: 3 });
    await sut.createTopicRule('loop', {
      sql: "SELECT * FROM 'loop/#'",
      actions: [{ republish: { topic: 'loop/again' } }],
    });
    publish('loop/start', { n: 1 });
    for (let i = 0; i < 10; i++) await engine.whenIdle();
    assert.equal(published.length, 4);
    assert.match(engine.monitor.metrics('loop').lastError?.message ?? '', /republish loop after 3 hops/);
  });

  test('a statement that cannot produce output counts as an evaluation error and runs no action', async () => {
    const { sut, engine, publish, published } = newTestRules();
    await sut.createTopicRule('bin', { sql: "SELECT *, 1 AS x FROM 'b'", actions: [{ republish: { topic: 'out' } }] });
    publish('b', 'not json');
    await engine.whenIdle();
    assert.equal(published.length, 0);
    const metrics = engine.monitor.metrics('bin');
    assert.equal(metrics.evaluationErrors, 1);
    assert.equal(metrics.messagesMatched, 0);
  });

  test('binary payloads pass through SELECT * unchanged', async () => {
    const { sut, engine, published } = newTestRules();
    await sut.createTopicRule('bin', { sql: "SELECT * FROM 'b'", actions: [{ republish: { topic: 'out' } }] });
    const bytes = Buffer.from([0xff, 0x00, 0x7b]);
    engine.handlePublish({ topic: 'b', payload: bytes, timestamp: 1 });
    await engine.whenIdle();
    assert.deepEqual(Buffer.from(published[0]?.payload as Uint8Array), bytes);
  });

  test('handlePublishOf converts the broker message only for a topic some rule selects from', async () => {
    const { sut, engine, published } = newTestRules();
    await sut.createTopicRule('r', { sql: "SELECT * FROM 'in'", actions: [{ republish: { topic: 'out' } }] });
    const converted: string[] = [];
    const toMessage = (topic: string) => {
      converted.push(topic);
      return { topic, payload: Buffer.from('{"n":1}'), timestamp: 1 };
    };
    engine.handlePublishOf('elsewhere', 'elsewhere', toMessage);
    engine.handlePublishOf('in', 'in', toMessage);
    await engine.whenIdle();
    assert.deepEqual(converted, ['in']);
    assert.equal(published.length, 1);
  });

  test('recent activity is bounded per rule, ordered, and pollable after a sequence number', async () => {
    const { sut, engine, publish } = newTestRules({ recentActivityPerRule: 3 });
    await sut.createTopicRule('r', { sql: "SELECT n FROM 'in'", actions: [] });
    for (let n = 1; n <= 5; n++) publish('in', { n });
    const recent = engine.monitor.recentActivity('r');
    assert.deepEqual(
      recent.map((a) => (a.kind === 'output' ? a.output : '')),
      ['{"n":3}', '{"n":4}', '{"n":5}'],
    );
    const after = engine.monitor.recentActivity('r', recent[1]?.seq);
    assert.deepEqual(
      after.map((a) => (a.kind === 'output' ? a.output : '')),
      ['{"n":5}'],
    );
  });

  test('past the in-flight limit, actions are dropped and counted instead of queued', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { sut, engine, publish } = newTestRules({ maxInFlightActions: 2, ports: { appendTimeseries: () => gate } });
    await sut.createTopicRule('slow', { sql: "SELECT n FROM 'in'", actions: [{ timeseries: { deviceKey: 'd' } }] });
    for (let n = 0; n < 5; n++) publish('in', { n });
    release();
    await engine.whenIdle();
    const metrics = engine.monitor.metrics('slow');
    assert.equal(metrics.actionsSucceeded, 2);
    assert.equal(metrics.actionsFailed, 3);
  });

  test('test(): output, FROM mismatch, WHERE not true, parse error with position, evaluation error', () => {
    const { engine } = newTestRules();
    const base = { topic: 'sensors/d/t', payload: '{"temperature": 35}' };
    const sql = "SELECT temperature, topic(2) AS device FROM 'sensors/+/t' WHERE temperature > 30";
    assert.deepEqual(engine.test({ ...base, sql }), {
      result: 'output',
      output: '{"temperature":35,"device":"d"}',
      outputEncoding: 'json',
    });
    assert.deepEqual(engine.test({ ...base, sql, topic: 'other' }), {
      result: 'no-match',
      reason: 'topic',
      message: `The topic "other" does not match FROM 'sensors/+/t'`,
    });
    assert.deepEqual(engine.test({ ...base, sql, payload: '{"temperature": 3}' }), {
      result: 'no-match',
      reason: 'where',
      message: 'WHERE evaluated to false, not true',
    });
    assert.deepEqual(engine.test({ ...base, sql, payload: '{}' }), {
      result: 'no-match',
      reason: 'where',
      message: 'WHERE evaluated to Undefined, not true',
    });
    const parse = engine.test({ ...base, sql: 'SELECT a,\nFROM' });
    assert.equal(parse.result, 'parse-error');
    assert.equal(parse.result === 'parse-error' && parse.line, 2);
    assert.equal(
      engine.test({ ...base, sql: "SELECT *, 1 AS x FROM 'sensors/+/t'", payload: 'raw' }).result,
      'evaluation-error',
    );
  });

  test('the test panel takes a base64 payload as the raw bytes of a captured binary message', () => {
    const { engine } = newTestRules();
    const bytes = Buffer.from([0xff, 0x00, 0x7b]);
    const result = engine.test({
      sql: "SELECT * FROM 'b'",
      topic: 'b',
      payload: bytes.toString('base64'),
      payloadEncoding: 'base64',
    });
    assert.deepEqual(result, { result: 'output', output: bytes.toString('base64'), outputEncoding: 'base64' });
  });
});
