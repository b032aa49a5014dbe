// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryRuleStore, RuleEngine, RuleService } from '@meridian/rules';
import { MemoryShadowStore, ShadowService } from '@meridian/shadow';
import { shadowUpdatePort } from './shadow-port.js';

test('a shadow action updates the thing shadow through the shadow service, and its refusal fails the action', async () => {
  const responses: string[] = [];
  const shadows = new ShadowService<string>({
    store: new MemoryShadowStore(),
    publish: (topic) => {
      responses.push(topic);
    },
    authorize: (_action, thingName, _shadow, principal) => principal === 'rules' && thingName !== 'locked',
  });
  const engine = new RuleEngine({ ports: { publish: () => {}, updateShadow: shadowUpdatePort(shadows, 'rules') } });
  const rules = new RuleService({ store: new MemoryRuleStore(), engine });
  await rules.createTopicRule('to_shadow', {
    sql: "SELECT {'reported': {'temperature': temperature}} AS state FROM 'devices/+/telemetry'",
    awsIotSqlVersion: '2016-03-23',
    actions: [{ shadow: { thingName: '${topic(2)}', shadowName: 'env' } }],
  });
  const publish = (thing: string) =>
    engine.handlePublish({
      topic: `devices/${thing}/telemetry`,
      payload: Buffer.from('{"temperature":22}'),
      timestamp: 1,
    });
  publish('lamp');
  publish('locked');
  await engine.whenIdle();

  const shadow = await shadows.getShadow({ thingName: 'lamp', shadowName: 'env', principal: 'rules' });
  assert.deepEqual(shadow.state, { reported: { temperature: 22 } });
  assert.ok(responses.includes('$aws/things/lamp/shadow/name/env/update/accepted'));
  const metrics = engine.monitor.metrics('to_shadow');
  assert.equal(metrics.actionsSucceeded, 1);
  assert.equal(metrics.actionsFailed, 1);
  assert.match(metrics.lastError?.message ?? '', /^Shadow update rejected: /);
});
