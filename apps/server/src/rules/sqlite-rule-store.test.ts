// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RuleEngine, RuleService } from '@meridian/rules';
import { ruleStoreContract } from '@meridian/rules/contracts';
import { tempDir } from '@meridian/test-utils';
import { type Db, openDatabase } from '../db/database.js';
import { SqliteRuleStore } from './sqlite-rule-store.js';

const dir = await tempDir('meridian-rules-');
const opened: Db[] = [];
function open(file: string): Db {
  const db = openDatabase(join(dir.path, file));
  opened.push(db);
  return db;
}
after(async () => {
  for (const database of opened) if (database.open) database.close();
  await dir.remove();
});

ruleStoreContract(SqliteRuleStore.name, () => new SqliteRuleStore(open(`contract-${opened.length}.db`)));

test('rules and destinations survive closing and reopening the database file, and run again after start', async () => {
  const published: string[] = [];
  const engine = () => new RuleEngine({ ports: { publish: (message) => published.push(message.topic) } });
  const first = open('reopen.db');
  const before = new RuleService({ store: new SqliteRuleStore(first), engine: engine() });
  await before.createTopicRule('hot', {
    sql: "SELECT * FROM 'sensors/+' WHERE t > 1",
    description: 'hot sensors',
    actions: [{ republish: { topic: 'alerts/${topic(2)}', qos: 1 } }],
    errorAction: { republish: { topic: 'errors' } },
    awsIotSqlVersion: '2016-03-23',
  });
  await before.disableTopicRule('hot');
  await before.enableTopicRule('hot');
  await before.putDestination('https://hooks.test/', 'CONFIRMED');
  first.close();

  const reopenedEngine = engine();
  const sut = new RuleService({ store: new SqliteRuleStore(open('reopen.db')), engine: reopenedEngine });
  assert.deepEqual(await sut.start(), []);
  const { rule } = await sut.getTopicRule('hot');
  assert.equal(rule.description, 'hot sensors');
  assert.deepEqual(rule.errorAction, { republish: { topic: 'errors' } });
  assert.deepEqual(
    (await sut.listDestinations()).map((d) => d.status),
    ['CONFIRMED'],
  );
  reopenedEngine.handlePublish({ topic: 'sensors/s1', payload: Buffer.from('{"t":5}'), timestamp: 1 });
  await reopenedEngine.whenIdle();
  assert.deepEqual(published, ['alerts/s1']);
});
