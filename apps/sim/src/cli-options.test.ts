import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCliOptions, UsageError } from './cli-options.js';

const parse = (args: string[], env: Record<string, string> = {}) => parseCliOptions(args, env, '/home/op');

describe('parseCliOptions', () => {
  test('defaults: local platform, ./data/sim, telemetry every second, 200 ms report delay', () => {
    assert.deepEqual(parse(['--', '--count', '5'], { MERIDIAN_ADMIN_PASSWORD: 'pw' }), {
      count: 5,
      prefix: 'sim-',
      apiUrl: 'http://localhost:3000',
      username: 'admin',
      password: 'pw',
      dir: '/home/op/data/sim',
      mqttsUrl: 'mqtts://localhost:8883',
      caFile: undefined,
      telemetry: { topic: 'devices/{thing}/telemetry', intervalMs: 1000 },
      reportDelayMs: 200,
      initialReported: {},
    });
  });

  test('every option', () => {
    const options = parse([
      '--count=2',
      '--prefix',
      'lamp-',
      '--api',
      'https://iot.example.com:8443/console',
      '--username',
      'ops',
      '--password',
      'secret',
      '--dir',
      '../creds',
      '--ca',
      'ca.pem',
      '--telemetry-topic',
      'site/{thing}',
      '--telemetry-interval',
      '250',
      '--telemetry-fields',
      '{"rpm":{"min":1,"max":2}}',
      '--report-delay',
      '0',
      '--reported',
      '{"lamp":false}',
    ]);
    assert.deepEqual(options, {
      count: 2,
      prefix: 'lamp-',
      apiUrl: 'https://iot.example.com:8443',
      username: 'ops',
      password: 'secret',
      dir: '/home/creds',
      mqttsUrl: 'mqtts://iot.example.com:8883',
      caFile: '/home/op/ca.pem',
      telemetry: { topic: 'site/{thing}', intervalMs: 250, fields: { rpm: { min: 1, max: 2 } } },
      reportDelayMs: 0,
      initialReported: { lamp: false },
    });
  });

  test('--telemetry-interval 0 turns telemetry off; --mqtts overrides the endpoint; --help', () => {
    const options = parse(['--count', '1', '--telemetry-interval', '0', '--mqtts', 'mqtts://10.0.0.2:18883']);
    assert.ok(options !== 'help');
    assert.equal(options.telemetry, undefined);
    assert.equal(options.mqttsUrl, 'mqtts://10.0.0.2:18883');
    assert.equal(parse(['--help']), 'help');
  });

  test('bad input is a UsageError that says what is wrong', () => {
    const cases: [string[], RegExp][] = [
      [[], /--count is required/],
      [['--count', '0'], /--count must be a whole number from 1 to 10000, got "0"/],
      [['--count', '2.5'], /--count must be a whole number/],
      [['--count', '1', '--report-delay', '-1'], /--report-delay/],
      [['--count', '1', '--api', 'localhost:3000'], /--api must be an http or https URL/],
      [['--count', '1', '--api', 'nope'], /--api must be a URL/],
      [['--count', '1', '--mqtts', 'mqtt://x:1'], /--mqtts must look like mqtts:\/\/host:port/],
      [['--count', '1', '--telemetry-topic', 'fixed'], /--telemetry-topic needs \{thing\}/],
      [['--count', '1', '--telemetry-fields', '{"t":{"min":3,"max":1}}'], /"t" needs/],
      [['--count', '1', '--reported', '[1]'], /--reported must be a JSON object/],
      [['--count', '1', '--reported', '{'], /--reported must be JSON/],
      [['--count', '1', '--prefix', 'a/b'], /--prefix may hold only/],
      [['--count', '1', '--colour', 'red'], /Unknown option '--colour'/],
      [['--count', '1', 'extra'], /positional/],
    ];
    for (const [args, message] of cases) {
      assert.throws(
        () => parse(args),
        (error: Error) => error instanceof UsageError && message.test(error.message),
        args.join(' '),
      );
    }
  });
});
