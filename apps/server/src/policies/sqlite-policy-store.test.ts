import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { IotArns } from '@meridian/contracts';
import { PolicyService } from '@meridian/policy';
import { policyStoreContract } from '@meridian/policy/contracts';
import { tempDir } from '@meridian/test-utils';
import { type Db, openDatabase } from '../db/database.js';
import { SqlitePolicyStore } from './sqlite-policy-store.js';

const dir = await tempDir('meridian-policies-');
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

policyStoreContract(SqlitePolicyStore.name, () => new SqlitePolicyStore(open(`contract-${opened.length}.db`)));

test('policies, versions and attachments survive closing and reopening the database file', async () => {
  const arns = new IotArns('us-east-1', '123456789012');
  const certificate = arns.certificate('c'.repeat(64));
  const document = (topic: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 'iot:Publish', Resource: arns.topic(topic) },
    });
  const first = open('reopen.db');
  const before = new PolicyService({ store: new SqlitePolicyStore(first), arns });
  await before.createPolicy({ policyName: 'devices', policyDocument: document('a') });
  await before.createPolicyVersion({ policyName: 'devices', policyDocument: document('b'), setAsDefault: true });
  await before.attachPolicy('devices', certificate);
  first.close();

  const sut = new PolicyService({ store: new SqlitePolicyStore(open('reopen.db')), arns });
  assert.equal((await sut.getPolicy('devices')).defaultVersionId, '2');
  assert.deepEqual((await sut.listTargetsForPolicy('devices')).targets, [certificate]);
  const [compiled] = await sut.effectivePolicies([certificate]);
  assert.equal(compiled?.policyVersionId, '2');
  const next = await sut.createPolicyVersion({ policyName: 'devices', policyDocument: document('c') });
  assert.equal(next.policyVersionId, '3');
});
