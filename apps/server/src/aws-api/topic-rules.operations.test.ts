// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  CreateTopicRuleCommand,
  DeleteTopicRuleCommand,
  DisableTopicRuleCommand,
  EnableTopicRuleCommand,
  GetTopicRuleCommand,
  InvalidRequestException,
  type IoTClient,
  ListTopicRulesCommand,
  ReplaceTopicRuleCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  SqlParseException,
  type TopicRulePayload,
} from '@aws-sdk/client-iot';
import { type RepublishMessage, RuleEngine, RuleService } from '@meridian/rules';
import { SqliteRuleStore } from '../rules/sqlite-rule-store.js';
import { AWS_CLI_MISSING, findAwsCli, runAwsCli } from './aws-cli.testing.js';
import { rejectsAs, startTestAwsApi, TEST_KEY, type TestAwsApi } from './test-aws-api.js';
import { topicRuleOperations } from './topic-rules.operations.js';

const CREATED_AT_MS = 1_760_000_000_250;
const ROLE = 'arn:aws:iam::123456789012:role/republisher';

const republishing = (sql: string, topic = 'out/${topic(2)}'): TopicRulePayload => ({
  sql,
  actions: [{ republish: { roleArn: ROLE, topic } }],
});

describe(topicRuleOperations.name, () => {
  let api: TestAwsApi;
  let iot: IoTClient;
  let engine: RuleEngine;
  const published: RepublishMessage[] = [];

  before(async () => {
    api = await startTestAwsApi((db) => {
      engine = new RuleEngine({ ports: { publish: (message) => published.push(message), isUrlAllowed: () => true } });
      const rules = new RuleService({ store: new SqliteRuleStore(db), engine, now: () => CREATED_AT_MS });
      return topicRuleOperations(rules);
    });
    iot = api.iot();
  });
  after(async () => {
    await engine.close();
    await api.close();
  });
  beforeEach(async () => {
    published.length = 0;
    const { rules } = await iot.send(new ListTopicRulesCommand({}));
    for (const rule of rules ?? []) await iot.send(new DeleteTopicRuleCommand({ ruleName: rule.ruleName }));
  });

  /** A device publish as the broker's tap hands it to the engine; resolves once the actions ran. */
  async function devicePublish(topic: string, payload: object): Promise<Array<{ topic: string; payload: unknown }>> {
    published.length = 0;
    engine.handlePublish({ topic, payload: Buffer.from(JSON.stringify(payload)), timestamp: Date.now() });
    await engine.whenIdle();
    return published.map((message) => ({
      topic: message.topic,
      payload: JSON.parse(Buffer.from(message.payload).toString('utf8')),
    }));
  }

  test('CreateTopicRule stores the whole payload; GetTopicRule answers it in AWS shape with createdAt', async () => {
    const payload: TopicRulePayload = {
      sql: "SELECT temp, topic(2) AS device FROM 'sensors/+/telemetry' WHERE temp > 30",
      description: 'hot sensors',
      awsIotSqlVersion: '2016-03-23',
      ruleDisabled: false,
      actions: [
        {
          republish: {
            roleArn: ROLE,
            topic: 'alerts/${topic(2)}',
            qos: 1,
            headers: { contentType: 'application/json', userProperties: [{ key: 'source', value: '${clientid()}' }] },
          },
        },
        {
          http: {
            url: 'https://hooks.example.com/alerts/${topic(2)}',
            confirmationUrl: 'https://hooks.example.com/',
            headers: [{ key: 'x-device', value: '${topic(2)}' }],
          },
        },
      ],
      errorAction: { republish: { roleArn: ROLE, topic: 'rule-errors' } },
    };
    const created = await iot.send(new CreateTopicRuleCommand({ ruleName: 'hot_sensors', topicRulePayload: payload }));
    assert.equal(created.$metadata.httpStatusCode, 200);

    const got = await iot.send(new GetTopicRuleCommand({ ruleName: 'hot_sensors' }));
    assert.equal(got.ruleArn, 'arn:aws:iot:us-east-1:123456789012:rule/hot_sensors');
    assert.deepEqual(got.rule, {
      ruleName: 'hot_sensors',
      sql: payload.sql,
      description: 'hot sensors',
      createdAt: new Date(CREATED_AT_MS),
      actions: payload.actions,
      ruleDisabled: false,
      awsIotSqlVersion: '2016-03-23',
      errorAction: payload.errorAction,
    });

    // On the wire createdAt is epoch seconds, as restJson1 timestamps are.
    const raw = await api.send({ method: 'GET', path: '/rules/hot_sensors' });
    assert.equal(raw.status, 200);
    assert.equal(JSON.parse(raw.body.toString()).rule.createdAt, CREATED_AT_MS / 1000);
  });

  test('the created rule runs in the engine at once; omitted members take the API defaults', async () => {
    await iot.send(
      new CreateTopicRuleCommand({
        ruleName: 'forward',
        topicRulePayload: republishing("SELECT temp FROM 'sensors/+/telemetry'"),
      }),
    );
    const { rule } = await iot.send(new GetTopicRuleCommand({ ruleName: 'forward' }));
    assert.equal(rule?.awsIotSqlVersion, '2015-10-08');
    assert.equal(rule?.ruleDisabled, false);
    assert.equal(rule?.description, undefined);
    assert.deepEqual(await devicePublish('sensors/s1/telemetry', { temp: 21, hum: 40 }), [
      { topic: 'out/s1', payload: { temp: 21 } },
    ]);
    assert.deepEqual(await devicePublish('other/s1/telemetry', { temp: 21 }), []);
  });

  test('DisableTopicRule stops the rule, EnableTopicRule starts it again; both show in GetTopicRule', async () => {
    await iot.send(
      new CreateTopicRuleCommand({ ruleName: 'toggled', topicRulePayload: republishing("SELECT * FROM 'a/+'") }),
    );
    await iot.send(new DisableTopicRuleCommand({ ruleName: 'toggled' }));
    assert.equal((await iot.send(new GetTopicRuleCommand({ ruleName: 'toggled' }))).rule?.ruleDisabled, true);
    assert.deepEqual(await devicePublish('a/b', { n: 1 }), []);

    await iot.send(new EnableTopicRuleCommand({ ruleName: 'toggled' }));
    assert.equal((await iot.send(new GetTopicRuleCommand({ ruleName: 'toggled' }))).rule?.ruleDisabled, false);
    assert.deepEqual(await devicePublish('a/b', { n: 2 }), [{ topic: 'out/b', payload: { n: 2 } }]);

    await rejectsAs(
      iot.send(new EnableTopicRuleCommand({ ruleName: 'nope' })),
      ResourceNotFoundException,
      404,
      /Rule nope does not exist/,
    );
  });

  test('ReplaceTopicRule overwrites the whole payload and keeps createdAt', async () => {
    await iot.send(
      new CreateTopicRuleCommand({
        ruleName: 'replaced',
        topicRulePayload: { ...republishing("SELECT * FROM 'a/+'"), description: 'first' },
      }),
    );
    await iot.send(
      new ReplaceTopicRuleCommand({
        ruleName: 'replaced',
        topicRulePayload: republishing("SELECT VALUE n FROM 'b/+'", 'moved'),
      }),
    );
    const { rule } = await iot.send(new GetTopicRuleCommand({ ruleName: 'replaced' }));
    assert.equal(rule?.sql, "SELECT VALUE n FROM 'b/+'");
    assert.equal(rule?.description, undefined);
    assert.equal(rule?.createdAt?.getTime(), CREATED_AT_MS);
    assert.deepEqual(await devicePublish('a/x', { n: 1 }), []);
    assert.deepEqual(await devicePublish('b/x', { n: 7 }), [{ topic: 'moved', payload: 7 }]);

    await rejectsAs(
      iot.send(
        new ReplaceTopicRuleCommand({ ruleName: 'missing', topicRulePayload: republishing("SELECT * FROM 'a'") }),
      ),
      ResourceNotFoundException,
      404,
      /Rule missing does not exist/,
    );
  });

  test('DeleteTopicRule removes the rule from the store and the engine; unknown rules are ResourceNotFound', async () => {
    await iot.send(
      new CreateTopicRuleCommand({ ruleName: 'gone', topicRulePayload: republishing("SELECT * FROM 'a/+'") }),
    );
    await iot.send(new DeleteTopicRuleCommand({ ruleName: 'gone' }));
    assert.deepEqual(await devicePublish('a/b', { n: 1 }), []);
    await rejectsAs(iot.send(new GetTopicRuleCommand({ ruleName: 'gone' })), ResourceNotFoundException, 404, /gone/);
    await rejectsAs(iot.send(new DeleteTopicRuleCommand({ ruleName: 'gone' })), ResourceNotFoundException, 404, /gone/);
  });

  test('a second CreateTopicRule of a name is ResourceAlreadyExistsException with resourceId and resourceArn', async () => {
    const payload = republishing("SELECT * FROM 'a'");
    await iot.send(new CreateTopicRuleCommand({ ruleName: 'twice', topicRulePayload: payload }));
    const error = await rejectsAs(
      iot.send(new CreateTopicRuleCommand({ ruleName: 'twice', topicRulePayload: payload })),
      ResourceAlreadyExistsException,
      409,
      /Rule twice already exists/,
    );
    assert.equal((error as ResourceAlreadyExistsException).resourceId, 'twice');
    assert.equal(
      (error as ResourceAlreadyExistsException).resourceArn,
      'arn:aws:iot:us-east-1:123456789012:rule/twice',
    );
  });

  test('SQL that does not parse is SqlParseException (400) with the parser message; nothing is stored', async () => {
    await rejectsAs(
      iot.send(
        new CreateTopicRuleCommand({
          ruleName: 'broken',
          topicRulePayload: republishing("SELECT temp FROM 'a' WHERE"),
        }),
      ),
      SqlParseException,
      400,
      /line 1, column \d+/,
    );
    await rejectsAs(iot.send(new GetTopicRuleCommand({ ruleName: 'broken' })), ResourceNotFoundException, 404);

    await iot.send(
      new CreateTopicRuleCommand({ ruleName: 'kept', topicRulePayload: republishing("SELECT * FROM 'a'") }),
    );
    await rejectsAs(
      iot.send(new ReplaceTopicRuleCommand({ ruleName: 'kept', topicRulePayload: republishing('SELEC * FROM a') })),
      SqlParseException,
      400,
    );
    assert.equal((await iot.send(new GetTopicRuleCommand({ ruleName: 'kept' }))).rule?.sql, "SELECT * FROM 'a'");
  });

  test('invalid names, actions and SQL versions are InvalidRequestException naming the problem', async () => {
    const cases: Array<[string, TopicRulePayload, RegExp]> = [
      ['bad-name', republishing("SELECT * FROM 'a'"), /letters, digits and underscores/],
      ['r1', { sql: "SELECT * FROM 'a'", actions: [{ republish: { roleArn: ROLE, topic: 'x', qos: 2 } }] }, /qos/],
      [
        'r2',
        { sql: "SELECT * FROM 'a'", actions: [{ lambda: { functionArn: 'arn:f' } }] },
        /lambda action is not supported/,
      ],
      ['r3', { ...republishing("SELECT * FROM 'a'"), awsIotSqlVersion: '2020-01-01' }, /awsIotSqlVersion/],
      ['r4', republishing("SELECT * FROM 'a'", 'x/${topic('), /template/],
    ];
    for (const [ruleName, topicRulePayload, message] of cases) {
      await rejectsAs(
        iot.send(new CreateTopicRuleCommand({ ruleName, topicRulePayload })),
        InvalidRequestException,
        400,
        message,
      );
    }
    const { rules } = await iot.send(new ListTopicRulesCommand({}));
    assert.deepEqual(rules, []);
  });

  test('ListTopicRules pages with maxResults and nextToken, and filters by topic and ruleDisabled', async () => {
    const defs: Array<[string, string, boolean]> = [
      ['r_a', "SELECT * FROM 'sensors/+/telemetry'", false],
      ['r_b', "SELECT * FROM 'sensors/#'", true],
      ['r_c', "SELECT * FROM 'lights/+/state'", false],
      ['r_d', "SELECT * FROM 'sensors/s1/telemetry'", false],
      ['r_e', 'SELECT * ', false],
    ];
    for (const [ruleName, sql, ruleDisabled] of defs) {
      await iot.send(
        new CreateTopicRuleCommand({ ruleName, topicRulePayload: { ...republishing(sql), ruleDisabled } }),
      );
    }

    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await iot.send(new ListTopicRulesCommand({ maxResults: 2, nextToken }));
      assert.ok((page.rules?.length ?? 0) <= 2);
      names.push(...(page.rules ?? []).map((rule) => rule.ruleName ?? ''));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken !== undefined);
    assert.deepEqual(names, ['r_a', 'r_b', 'r_c', 'r_d', 'r_e']);
    assert.equal(pages, 3);

    const first = await iot.send(new ListTopicRulesCommand({ maxResults: 1 }));
    assert.deepEqual(first.rules, [
      {
        ruleArn: 'arn:aws:iot:us-east-1:123456789012:rule/r_a',
        ruleName: 'r_a',
        topicPattern: 'sensors/+/telemetry',
        createdAt: new Date(CREATED_AT_MS),
        ruleDisabled: false,
      },
    ]);

    const matching = await iot.send(new ListTopicRulesCommand({ topic: 'sensors/s1/telemetry' }));
    assert.deepEqual(
      matching.rules?.map((rule) => rule.ruleName),
      ['r_a', 'r_b', 'r_d'],
    );
    const disabled = await iot.send(new ListTopicRulesCommand({ ruleDisabled: true }));
    assert.deepEqual(
      disabled.rules?.map((rule) => rule.ruleName),
      ['r_b'],
    );
    const enabledMatching = await iot.send(
      new ListTopicRulesCommand({ topic: 'sensors/s1/telemetry', ruleDisabled: false }),
    );
    assert.deepEqual(
      enabledMatching.rules?.map((rule) => rule.ruleName),
      ['r_a', 'r_d'],
    );

    await rejectsAs(
      iot.send(new ListTopicRulesCommand({ maxResults: 10_001 })),
      InvalidRequestException,
      400,
      /maxResults/,
    );
    await rejectsAs(
      iot.send(new ListTopicRulesCommand({ nextToken: '!!not-a-token!!' })),
      InvalidRequestException,
      400,
      /nextToken/,
    );
  });

  test("the platform's own actions (timeseries, shadow, function) round-trip under their keys in signed JSON", async () => {
    const payload = {
      sql: "SELECT temp FROM 'sensors/+/telemetry'",
      actions: [
        { timeseries: { deviceKey: '${topic(2)}', time: '${timestamp()}' } },
        { shadow: { thingName: '${topic(2)}', shadowName: 'env' } },
        { function: { code: 'return event;', timeoutMs: 100 } },
      ],
    };
    const created = await api.send({
      method: 'POST',
      path: '/rules/own_actions',
      headers: { 'content-type': 'application/json', 'x-amz-tagging': 'team=ops' },
      body: JSON.stringify(payload),
    });
    assert.equal(created.status, 200);
    const { rule } = JSON.parse((await api.send({ method: 'GET', path: '/rules/own_actions' })).body.toString());
    assert.deepEqual(rule.actions, payload.actions);
    // An SDK reading the rule knows none of these keys.
    const read = await iot.send(new GetTopicRuleCommand({ ruleName: 'own_actions' }));
    assert.deepEqual(read.rule?.actions, [{}, {}, {}]);

    // The SDK's model has no such action types: it sends an empty action, which is refused with the reason.
    await rejectsAs(
      iot.send(
        new CreateTopicRuleCommand({
          ruleName: 'sdk_own_action',
          topicRulePayload: { sql: payload.sql, actions: [payload.actions[0] as never] },
        }),
      ),
      InvalidRequestException,
      400,
      /actions\[0\] is empty.*AWS SDKs leave out action types they do not know/,
    );

    const refused = await api.send({
      method: 'POST',
      path: '/rules/bad_action',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql: "SELECT * FROM 'a'", actions: [{ timeseries: { time: '1' } }] }),
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.headers['x-amzn-errortype'], 'InvalidRequestException');
    assert.deepEqual(JSON.parse(refused.body.toString()), { message: 'actions[0].timeseries.deviceKey is required' });
  });

  const awsCli = findAwsCli();
  test('aws iot create-topic-rule and get-topic-rule', {
    skip: awsCli ? false : AWS_CLI_MISSING,
  }, async () => {
    const aws = (...args: string[]) =>
      runAwsCli(
        awsCli as string,
        { endpoint: api.endpoint, caPath: api.ca.path, home: api.dataDir, credentials: TEST_KEY },
        ['iot', ...args],
      );
    const payload = republishing("SELECT * FROM 'cli/+'", 'cli-out');
    await aws('create-topic-rule', '--rule-name', 'from_cli', '--topic-rule-payload', JSON.stringify(payload));
    const got = JSON.parse(await aws('get-topic-rule', '--rule-name', 'from_cli'));
    assert.equal(got.ruleArn, 'arn:aws:iot:us-east-1:123456789012:rule/from_cli');
    assert.equal(got.rule.sql, payload.sql);
    assert.deepEqual(got.rule.actions, payload.actions);
    assert.deepEqual(await devicePublish('cli/x', { on: true }), [{ topic: 'cli-out', payload: { on: true } }]);
  });
});
