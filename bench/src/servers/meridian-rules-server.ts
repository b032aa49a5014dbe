// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import { Broker } from '@meridian/broker';
import { MemoryRuleStore, RuleEngine, RuleService } from '@meridian/rules';
import { serve } from './common.js';

/**
 * Our broker with the rules engine wired as the platform wires it (publish tap → engine, republish →
 * broker.publish) and `--rules N` enabled rules on distinct filters:
 * `SELECT temperature, topic(2) AS device FROM 'sensors/dev{i}/telemetry' WHERE temperature > 30`,
 * each republishing to `alerts/dev{i}`.
 */
const rulesIndex = process.argv.indexOf('--rules');
const ruleCount = Number(rulesIndex >= 0 ? process.argv[rulesIndex + 1] : 10);

const broker = new Broker({ publishRatePerSecond: 0, connectRatePerSecond: 0 });
const engine = new RuleEngine({
  ports: {
    publish: (message) =>
      broker.publish({ topic: message.topic, payload: message.payload as Buffer, qos: message.qos, retain: false }),
  },
});
const service = new RuleService({ store: new MemoryRuleStore(), engine });
const creating = performance.now();
for (let i = 0; i < ruleCount; i++) {
  await service.createTopicRule(`rule_${i}`, {
    sql: `SELECT temperature, topic(2) AS device FROM 'sensors/dev${i}/telemetry' WHERE temperature > 30`,
    awsIotSqlVersion: '2016-03-23',
    actions: [{ republish: { topic: 'alerts/${topic(2)}' } }],
  });
}
process.stderr.write(`  (created ${ruleCount} rules in ${Math.round(performance.now() - creating)} ms)\n`);
broker.onPublish((message) =>
  engine.handlePublish({
    topic: message.topic,
    payload: message.payload,
    ...(message.clientId === undefined ? {} : { clientId: message.clientId }),
    timestamp: message.receivedAt.getTime(),
  }),
);
serve(
  'meridian-rules',
  (socket) => broker.handle(socket, { transport: 'tcp' }),
  async () => {
    await engine.close();
    await broker.close();
  },
);
