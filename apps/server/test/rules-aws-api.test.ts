// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateTopicRuleCommand,
  DeleteTopicRuleCommand,
  GetTopicRuleCommand,
  IoTClient,
  ListTopicRulesCommand,
} from '@aws-sdk/client-iot';
import {
  GetThingShadowCommand,
  IoTDataPlaneClient,
  PublishCommand,
  UpdateThingShadowCommand,
} from '@aws-sdk/client-iot-data-plane';
import type { Role } from '@meridian/contracts';
import { FIRST_ACCESS_KEY_FILE } from '../src/app.js';
import { UsersStore } from '../src/auth/users.store.js';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

type Credentials = { accessKeyId: string; secretAccessKey: string };

/** The first access key, as the platform wrote it to its credentials file. */
function firstAccessKey(dataDir: string): Credentials {
  const text = readFileSync(join(dataDir, FIRST_ACCESS_KEY_FILE), 'utf8');
  const value = (name: string) => new RegExp(`^${name}\\s*=\\s*(.*)$`, 'm').exec(text)?.[1] ?? '';
  return { accessKeyId: value('aws_access_key_id'), secretAccessKey: value('aws_secret_access_key') };
}

describe('topic rules through the AWS API on the platform', { timeout: 60_000 }, () => {
  let sut: TestPlatform;
  let admin: Credentials;
  const keys = {} as Record<Exclude<Role, 'admin'>, Credentials>;

  before(async () => {
    sut = await startTestPlatform();
    admin = firstAccessKey(sut.dataDir);
    const users = new UsersStore(sut.platform.db);
    for (const role of ['operator', 'viewer', 'end-user'] as const) {
      const user = users.create({ username: `${role}-1`, passwordHash: 'not-used', role });
      const { accessKeyId, secretAccessKey } = sut.platform.accessKeys.create(user.id, `${role} key`);
      keys[role] = { accessKeyId, secretAccessKey };
    }
  });
  after(() => sut.close());

  const config = (credentials: Credentials) => ({
    endpoint: `https://localhost:${sut.ports.awsApi}`,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    requestHandler: { httpsAgent: new Agent({ ca: sut.platform.pki.ca.certificatePem }) },
  });
  const iot = (credentials = admin) => new IoTClient(config(credentials));
  const data = (credentials = admin) => new IoTDataPlaneClient(config(credentials));

  /** Publishes through the data plane and resolves with the first message the broker then carries on `topic`. */
  async function publishAndAwait(publishTopic: string, payload: object, topic: string): Promise<unknown> {
    let stop = () => {};
    const arrived = new Promise<unknown>((resolve) => {
      stop = sut.platform.broker.onPublish((message) => {
        if (message.topic === topic) resolve(JSON.parse(message.payload.toString('utf8')));
      });
    });
    try {
      await data().send(new PublishCommand({ topic: publishTopic, payload: Buffer.from(JSON.stringify(payload)) }));
      return await arrived;
    } finally {
      stop();
    }
  }

  test('a rule created with the SDK enriches messages with get_thing_shadow() from the live shadows', async () => {
    await iot().send(
      new CreateTopicRuleCommand({
        ruleName: 'enrich_with_shadow',
        topicRulePayload: {
          sql: `SELECT temp,
                  get_thing_shadow(topic(2), 'arn:aws:iam::123456789012:role/rules').state.reported.mode AS mode,
                  get_thing_shadow(topic(2), 'arn:aws:iam::123456789012:role/rules').version AS version,
                  get_thing_shadow(topic(2), 'env', 'arn:aws:iam::123456789012:role/rules').state.desired AS env
                FROM 'sensors/+/telemetry'`,
          awsIotSqlVersion: '2016-03-23',
          actions: [{ republish: { roleArn: 'arn:aws:iam::123456789012:role/rules', topic: 'enriched/${topic(2)}' } }],
        },
      }),
    );
    const shadow = (thingName: string, state: object, shadowName?: string) =>
      data().send(
        new UpdateThingShadowCommand({ thingName, shadowName, payload: Buffer.from(JSON.stringify({ state })) }),
      );
    await shadow('boiler', { reported: { mode: 'eco' } });
    await shadow('boiler', { desired: { target: 21 } }, 'env');

    assert.deepEqual(await publishAndAwait('sensors/boiler/telemetry', { temp: 19 }, 'enriched/boiler'), {
      temp: 19,
      mode: 'eco',
      version: 1,
      env: { target: 21 },
    });

    await shadow('boiler', { reported: { mode: 'boost' } });
    assert.deepEqual(await publishAndAwait('sensors/boiler/telemetry', { temp: 18 }, 'enriched/boiler'), {
      temp: 18,
      mode: 'boost',
      version: 2,
      env: { target: 21 },
    });

    // A thing without shadows: the shadow members are Undefined and left out.
    assert.deepEqual(await publishAndAwait('sensors/ghost/telemetry', { temp: 5 }, 'enriched/ghost'), { temp: 5 });
  });

  test("the access key owner's role decides: operator writes, viewer reads only, end user nothing", async () => {
    const payload = { sql: "SELECT * FROM 'roles/+'", actions: [] };
    await iot(keys.operator).send(new CreateTopicRuleCommand({ ruleName: 'by_operator', topicRulePayload: payload }));

    const viewer = iot(keys.viewer);
    const listed = await viewer.send(new ListTopicRulesCommand({ topic: 'roles/x' }));
    assert.deepEqual(
      listed.rules?.map((rule) => rule.ruleName),
      ['by_operator'],
    );
    assert.equal((await viewer.send(new GetTopicRuleCommand({ ruleName: 'by_operator' }))).rule?.sql, payload.sql);
    await data(keys.viewer).send(new GetThingShadowCommand({ thingName: 'boiler' }));

    // The control plane refuses as IAM does (AccessDeniedException), the data plane with its own 403.
    const denied =
      (operation: string, role: string, name = 'AccessDeniedException') =>
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.equal(error.name, name);
        assert.equal((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 403);
        assert.match(error.message, new RegExp(`\\(role ${role}\\) is not authorized to perform: iot:${operation}$`));
        return true;
      };
    await assert.rejects(
      viewer.send(new CreateTopicRuleCommand({ ruleName: 'by_viewer', topicRulePayload: payload })),
      denied('CreateTopicRule', 'viewer'),
    );
    await assert.rejects(
      viewer.send(new DeleteTopicRuleCommand({ ruleName: 'by_operator' })),
      denied('DeleteTopicRule', 'viewer'),
    );
    await assert.rejects(
      data(keys.viewer).send(new PublishCommand({ topic: 'roles/x', payload: Buffer.from('{}') })),
      denied('Publish', 'viewer', 'ForbiddenException'),
    );
    await assert.rejects(
      iot(keys['end-user']).send(new ListTopicRulesCommand({})),
      denied('ListTopicRules', 'end-user'),
    );
    await assert.rejects(
      data(keys['end-user']).send(new GetThingShadowCommand({ thingName: 'boiler' })),
      denied('GetThingShadow', 'end-user', 'ForbiddenException'),
    );
    // Nothing the refused calls asked for happened.
    const { rules } = await iot().send(new ListTopicRulesCommand({}));
    assert.deepEqual(rules?.map((rule) => rule.ruleName).sort(), ['by_operator', 'enrich_with_shadow']);
  });
});
