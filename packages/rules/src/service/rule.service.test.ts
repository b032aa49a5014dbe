// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '@meridian/contracts';
import { RuleService } from './rule.service.js';
import { newTestRules } from './test-helpers.js';

const republish = (topic: string) => ({ republish: { topic, roleArn: 'arn:aws:iam::123456789012:role/r' } });

async function rejectsWith(promise: Promise<unknown>, type: string, text?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    assert.equal(error.type, type);
    if (text) assert.match(error.message, text);
    return true;
  });
}

describe(RuleService.name, () => {
  test('create then get returns the rule in AWS shape with the API defaults', async () => {
    const { sut, setClock } = newTestRules();
    setClock(1_700_000_000_500);
    await sut.createTopicRule('hot', { sql: "SELECT * FROM 'sensors/+'", actions: [republish('out')] });
    assert.deepEqual(await sut.getTopicRule('hot'), {
      ruleArn: 'arn:aws:iot:us-east-1:123456789012:rule/hot',
      rule: {
        ruleName: 'hot',
        sql: "SELECT * FROM 'sensors/+'",
        createdAt: 1_700_000_000.5,
        actions: [republish('out')],
        ruleDisabled: false,
        awsIotSqlVersion: '2015-10-08',
      },
    });
  });

  test('SQL that does not parse is SqlParseException with line and column', async () => {
    const { sut } = newTestRules();
    await rejectsWith(
      sut.createTopicRule('bad', { sql: "SELECT temperature\nFROM 'a' WHERE temperature >", actions: [] }),
      'SqlParseException',
      /line 2, column \d+/,
    );
    await assert.rejects(sut.getTopicRule('bad'), { type: 'ResourceNotFoundException' });
  });

  test('an invalid FROM filter is refused', async () => {
    const { sut } = newTestRules();
    await rejectsWith(
      sut.createTopicRule('r', { sql: "SELECT * FROM 'a/#/b'", actions: [] }),
      'SqlParseException',
      /topic filter/,
    );
  });

  test('names, shapes and action fields are validated as InvalidRequestException', async () => {
    const { sut } = newTestRules();
    const cases: Array<[string, unknown, RegExp]> = [
      ['bad-name', { sql: "SELECT * FROM 'a'", actions: [] }, /letters, digits and underscores/],
      ['r', { actions: [] }, /sql is required/],
      ['r', { sql: "SELECT * FROM 'a'" }, /actions is required/],
      ['r', { sql: "SELECT * FROM 'a'", actions: Array.from({ length: 11 }, () => republish('x')) }, /at most 10/],
      ['r', { sql: "SELECT * FROM 'a'", actions: [{ s3: { bucketName: 'b' } }] }, /s3 action is not supported/],
      ['r', { sql: "SELECT * FROM 'a'", actions: [{ teleport: {} }] }, /unknown action type/],
      [
        'r',
        { sql: "SELECT * FROM 'a'", actions: [{ republish: { topic: 'x' }, http: { url: 'http://a' } }] },
        /exactly one key/,
      ],
      ['r', { sql: "SELECT * FROM 'a'", actions: [{ republish: { topic: 'x', qos: 2 } }] }, /qos must be 0 or 1/],
      ['r', { sql: "SELECT * FROM 'a'", actions: [{ republish: { qos: 1 } }] }, /topic is required/],
      ['r', { sql: "SELECT * FROM 'a'", actions: [republish('x/${topic(')] }, /template/],
      ['r', { sql: "SELECT * FROM 'a'", actions: [{ http: { url: 'ftp://x/' } }] }, /http or https/],
      [
        'r',
        {
          sql: "SELECT * FROM 'a'",
          actions: [{ http: { url: 'https://a.test/x', confirmationUrl: 'https://b.test/' } }],
        },
        /prefix/,
      ],
      ['r', { sql: "SELECT * FROM 'a'", actions: [{ function: { code: 'return {' } }] }, /does not compile/],
      ['r', { sql: "SELECT * FROM 'a'", actions: [{ function: { code: 'return 1', timeoutMs: 60_000 } }] }, /at most/],
      ['r', { sql: "SELECT * FROM 'a'", actions: [], awsIotSqlVersion: '2020-01-01' }, /awsIotSqlVersion/],
      ['r', { sql: "SELECT * FROM 'a'", actions: [], extra: 1 }, /Unknown rule payload member/],
      [
        'r',
        { sql: "SELECT * FROM 'a'", actions: [], errorAction: { function: { code: 'return event' } } },
        /cannot be a function/,
      ],
      [
        'r',
        {
          sql: "SELECT * FROM 'a'",
          awsIotSqlVersion: '2016-03-23',
          actions: [],
          errorAction: republish("e/${get_thing_shadow('t', 'arn')}"),
        },
        /get_thing_shadow\(\) cannot be used in an error action/,
      ],
    ];
    for (const [name, payload, message] of cases) {
      await rejectsWith(sut.createTopicRule(name, payload), 'InvalidRequestException', message);
    }
    assert.deepEqual((await sut.listTopicRules()).rules, []);
  });

  test('creating a taken name is ResourceAlreadyExistsException with the resource id and ARN', async () => {
    const { sut } = newTestRules();
    await sut.createTopicRule('r1', { sql: "SELECT * FROM 'a'", actions: [] });
    await assert.rejects(sut.createTopicRule('r1', { sql: "SELECT * FROM 'b'", actions: [] }), (error: DomainError) => {
      assert.equal(error.type, 'ResourceAlreadyExistsException');
      assert.deepEqual(error.extra, { resourceId: 'r1', resourceArn: 'arn:aws:iot:us-east-1:123456789012:rule/r1' });
      return true;
    });
    assert.equal((await sut.getTopicRule('r1')).rule.sql, "SELECT * FROM 'a'");
  });

  test('unknown rules are ResourceNotFoundException for every operation', async () => {
    const { sut } = newTestRules();
    for (const call of [
      () => sut.getTopicRule('nope'),
      () => sut.replaceTopicRule('nope', { sql: "SELECT * FROM 'a'", actions: [] }),
      () => sut.enableTopicRule('nope'),
      () => sut.disableTopicRule('nope'),
      () => sut.deleteTopicRule('nope'),
    ]) {
      await rejectsWith(call(), 'ResourceNotFoundException', /nope/);
    }
  });

  test('replace overwrites the whole payload and keeps createdAt; the engine runs the new SQL', async () => {
    const { sut, publish, publishedText, setClock } = newTestRules();
    setClock(1_000_000);
    await sut.createTopicRule('r', {
      sql: "SELECT 'old' AS v FROM 'in'",
      description: 'd',
      actions: [republish('out')],
    });
    setClock(2_000_000);
    await sut.replaceTopicRule('r', {
      sql: "SELECT 'new' AS v FROM 'in2'",
      actions: [republish('out')],
      awsIotSqlVersion: '2016-03-23',
    });
    const { rule } = await sut.getTopicRule('r');
    assert.equal(rule.createdAt, 1000);
    assert.equal(rule.description, undefined);
    assert.equal(rule.awsIotSqlVersion, '2016-03-23');
    publish('in', {});
    publish('in2', {});
    assert.deepEqual(publishedText(), [{ topic: 'out', payload: '{"v":"new"}' }]);
  });

  test('disable stops evaluation, enable resumes it, delete removes the rule and its counters', async () => {
    const { sut, engine, publish, published } = newTestRules();
    await sut.createTopicRule('r', { sql: "SELECT * FROM 'in'", actions: [republish('out')] });
    publish('in', { n: 1 });
    await sut.disableTopicRule('r');
    assert.equal((await sut.getTopicRule('r')).rule.ruleDisabled, true);
    publish('in', { n: 2 });
    await sut.enableTopicRule('r');
    publish('in', { n: 3 });
    assert.deepEqual(
      published.map((m) => JSON.parse(Buffer.from(m.payload).toString())),
      [{ n: 1 }, { n: 3 }],
    );
    assert.equal(engine.monitor.metrics('r').messagesMatched, 2);
    await sut.deleteTopicRule('r');
    publish('in', { n: 4 });
    assert.equal(published.length, 2);
    assert.equal(engine.monitor.metrics('r').messagesMatched, 0);
    await rejectsWith(sut.getTopicRule('r'), 'ResourceNotFoundException');
  });

  test('a rule created disabled is not evaluated', async () => {
    const { sut, publish, published } = newTestRules();
    await sut.createTopicRule('r', { sql: "SELECT * FROM 'in'", actions: [republish('out')], ruleDisabled: true });
    publish('in', {});
    assert.equal(published.length, 0);
  });

  test('list pages by name with nextToken, and filters by topic and ruleDisabled', async () => {
    const { sut } = newTestRules();
    const filters = ['sensors/+/telemetry', 'sensors/#', 'alarms', 'sensors/a/telemetry', 'other/+'];
    for (const [i, filter] of filters.entries()) {
      await sut.createTopicRule(`rule_${i}`, { sql: `SELECT * FROM '${filter}'`, actions: [], ruleDisabled: i === 3 });
    }
    await sut.createTopicRule('ingest_only', { sql: 'SELECT *', actions: [] });
    const first = await sut.listTopicRules({ maxResults: 4 });
    assert.deepEqual(
      first.rules.map((r) => r.ruleName),
      ['ingest_only', 'rule_0', 'rule_1', 'rule_2'],
    );
    assert.equal(first.rules[0]?.topicPattern, undefined);
    assert.equal(first.rules[1]?.topicPattern, 'sensors/+/telemetry');
    assert.ok(first.nextToken);
    const second = await sut.listTopicRules({ maxResults: 4, nextToken: first.nextToken });
    assert.deepEqual(
      second.rules.map((r) => r.ruleName),
      ['rule_3', 'rule_4'],
    );
    assert.equal(second.nextToken, undefined);

    const matching = await sut.listTopicRules({ topic: 'sensors/a/telemetry' });
    assert.deepEqual(
      matching.rules.map((r) => r.ruleName),
      ['rule_0', 'rule_1', 'rule_3'],
    );
    const enabledMatching = await sut.listTopicRules({
      topic: 'sensors/a/telemetry',
      ruleDisabled: false,
      maxResults: 1,
    });
    assert.deepEqual(
      enabledMatching.rules.map((r) => r.ruleName),
      ['rule_0'],
    );
    const rest = await sut.listTopicRules({
      topic: 'sensors/a/telemetry',
      ruleDisabled: false,
      maxResults: 1,
      nextToken: enabledMatching.nextToken as string,
    });
    assert.deepEqual(
      rest.rules.map((r) => r.ruleName),
      ['rule_1'],
    );
    await rejectsWith(sut.listTopicRules({ maxResults: 0 }), 'InvalidRequestException');
    await rejectsWith(sut.listTopicRules({ nextToken: '!!!' }), 'InvalidRequestException');
  });

  test('concurrent creates of one name: exactly one wins', async () => {
    const { sut } = newTestRules();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        sut.createTopicRule('same', { sql: `SELECT ${i} AS n FROM 'a'`, actions: [] }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  });

  test('start loads stored rules into the engine and reports the ones that no longer compile', async () => {
    const first = newTestRules();
    await first.sut.createTopicRule('good', { sql: "SELECT * FROM 'in'", actions: [republish('out')] });
    await first.store.insertRule({
      name: 'broken',
      sql: 'SELECT FROM',
      actions: [],
      ruleDisabled: false,
      awsIotSqlVersion: '2016-03-23',
      createdAt: 0,
      updatedAt: 0,
      revision: 1,
    });
    const second = newTestRules();
    for (const rule of first.store.listRules({ limit: 10 })) second.store.insertRule(rule);
    const skipped = await second.sut.start();
    assert.deepEqual(
      skipped.map((s) => s.ruleName),
      ['broken'],
    );
    second.publish('in', { x: 1 });
    assert.equal(second.published.length, 1);
  });

  test('with confirmation required, an http action registers its destination as PENDING and fails until confirmed', async () => {
    const calls: string[] = [];
    const { sut, engine, publish } = newTestRules({
      requireConfirmedDestinations: true,
      ports: {
        fetch: async (url) => {
          calls.push(String(url));
          return new Response('ok');
        },
      },
    });
    await sut.createTopicRule('r', {
      sql: "SELECT * FROM 'in'",
      actions: [{ http: { url: 'https://hooks.test/a/${topic()}' } }],
    });
    assert.deepEqual(
      (await sut.listDestinations()).map((d) => [d.url, d.status]),
      [['https://hooks.test/', 'PENDING']],
    );
    publish('in', {});
    await engine.whenIdle();
    assert.deepEqual(calls, []);
    assert.match(engine.monitor.metrics('r').lastError?.message ?? '', /No confirmed destination/);

    await sut.putDestination('https://hooks.test/', 'CONFIRMED');
    publish('in', {});
    await engine.whenIdle();
    assert.deepEqual(calls, ['https://hooks.test/a/in']);
    await sut.putDestination('https://hooks.test/', 'DISABLED');
    publish('in', {});
    await engine.whenIdle();
    assert.equal(calls.length, 1);
    await sut.deleteDestination('https://hooks.test/');
    await rejectsWith(sut.deleteDestination('https://hooks.test/'), 'ResourceNotFoundException');
    await rejectsWith(sut.putDestination('not a url', 'CONFIRMED'), 'InvalidRequestException');
  });
});
