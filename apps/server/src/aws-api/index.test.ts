import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UpdateThingShadowCommand } from '@aws-sdk/client-iot-data-plane';
import { Broker } from '@meridian/broker';
import { IotArns } from '@meridian/contracts';
import { PolicyService } from '@meridian/policy';
import { RegistryService } from '@meridian/registry';
import { RuleEngine, RuleService } from '@meridian/rules';
import { ShadowService } from '@meridian/shadow';
import { SqliteRetainedStore } from '../broker-stores/sqlite-retained-store.js';
import { SqlitePolicyStore } from '../policies/sqlite-policy-store.js';
import { SqliteRegistryStore } from '../registry/sqlite-registry-store.js';
import { SqliteRuleStore } from '../rules/sqlite-rule-store.js';
import { SqliteShadowStore } from '../shadows/sqlite-shadow-store.js';
import { AWS_CLI_MISSING, findAwsCli, runAwsCli } from './aws-cli.testing.js';
import { toRoutePath } from './aws-operation.js';
import {
  type AwsCaller,
  type AwsOperation,
  brokerDataPlaneOperations,
  endpointOperations,
  policyOperations,
  registryOperations,
  shadowDataPlaneOperations,
  topicRuleOperations,
} from './index.js';
import { startTestAwsApi, TEST_KEY, type TestAwsApi } from './test-aws-api.js';

describe('the AWS API with every operation list', () => {
  let api: TestAwsApi;
  let broker: Broker;
  let engine: RuleEngine;
  let operations: AwsOperation[];

  before(async () => {
    api = await startTestAwsApi((db) => {
      broker = new Broker({ retainedStore: new SqliteRetainedStore(db) });
      const registry = new RegistryService({ store: new SqliteRegistryStore(db), principalExists: () => false });
      const policies = new PolicyService({
        store: new SqlitePolicyStore(db),
        arns: new IotArns('us-east-1', '123456789012'),
      });
      const shadows = new ShadowService<AwsCaller>({ store: new SqliteShadowStore(db), publish: () => {} });
      engine = new RuleEngine({ ports: { publish: () => {} } });
      const rules = new RuleService({ store: new SqliteRuleStore(db), engine });
      operations = [
        ...endpointOperations('localhost'),
        ...registryOperations(registry),
        ...policyOperations(policies),
        ...topicRuleOperations(rules),
        ...shadowDataPlaneOperations(shadows),
        ...brokerDataPlaneOperations(broker),
      ];
      return operations;
    });
  });
  after(async () => {
    await engine.close();
    await broker.close();
    await api.close();
  });

  test('control and data plane share one listener: each operation the API promises is routed once', () => {
    const expected = [
      ...['DescribeEndpoint'],
      ...['CreateThing', 'DescribeThing', 'ListThings', 'UpdateThing', 'DeleteThing'],
      ...['AttachThingPrincipal', 'DetachThingPrincipal', 'ListThingPrincipals', 'ListPrincipalThings'],
      ...['CreateThingType', 'DescribeThingType', 'ListThingTypes', 'DeprecateThingType', 'DeleteThingType'],
      ...['CreateThingGroup', 'DescribeThingGroup', 'UpdateThingGroup', 'DeleteThingGroup', 'ListThingGroups'],
      ...['ListThingGroupsForThing', 'AddThingToThingGroup', 'RemoveThingFromThingGroup', 'ListThingsInThingGroup'],
      ...['CreatePolicy', 'GetPolicy', 'DeletePolicy', 'ListPolicies', 'CreatePolicyVersion', 'GetPolicyVersion'],
      ...['ListPolicyVersions', 'SetDefaultPolicyVersion', 'DeletePolicyVersion', 'AttachPolicy', 'DetachPolicy'],
      ...['ListAttachedPolicies', 'ListTargetsForPolicy', 'AttachPrincipalPolicy', 'DetachPrincipalPolicy'],
      ...['ListPrincipalPolicies', 'ListPolicyPrincipals'],
      ...['CreateTopicRule', 'GetTopicRule', 'ListTopicRules', 'ReplaceTopicRule', 'EnableTopicRule'],
      ...['DisableTopicRule', 'DeleteTopicRule'],
      ...['GetThingShadow', 'UpdateThingShadow', 'DeleteThingShadow', 'ListNamedShadowsForThing'],
      ...['Publish', 'GetRetainedMessage', 'ListRetainedMessages'],
    ];
    assert.deepEqual(operations.map((operation) => operation.name).sort(), expected.sort());
    for (const operation of operations) {
      const route = { method: operation.method, url: toRoutePath(operation.path).url };
      assert.ok(api.app.hasRoute(route), `${operation.name} is not routed at ${route.method} ${route.url}`);
    }
  });

  test('reads are the operations that only look, whatever their method; everything else is a write', () => {
    const reads = operations.filter((operation) => operation.access === 'read').map((operation) => operation.name);
    assert.deepEqual(
      reads.sort(),
      [
        ...['DescribeEndpoint', 'DescribeThing', 'ListThings', 'ListThingPrincipals', 'ListPrincipalThings'],
        ...['DescribeThingType', 'ListThingTypes', 'DescribeThingGroup', 'ListThingGroups', 'ListThingGroupsForThing'],
        ...['ListThingsInThingGroup', 'GetPolicy', 'ListPolicies', 'GetPolicyVersion', 'ListPolicyVersions'],
        // POST in AWS's API, yet they only list.
        ...['ListAttachedPolicies', 'ListTargetsForPolicy'],
        ...['ListPrincipalPolicies', 'ListPolicyPrincipals', 'GetTopicRule', 'ListTopicRules'],
        ...['GetThingShadow', 'ListNamedShadowsForThing', 'GetRetainedMessage', 'ListRetainedMessages'],
      ].sort(),
    );
    for (const operation of operations) {
      if (operation.access === 'write') assert.notEqual(operation.method, 'GET', `${operation.name} is a GET write`);
    }
  });

  const awsCli = findAwsCli();
  test('the AWS CLI creates a thing and reads its shadow', {
    skip: awsCli ? false : AWS_CLI_MISSING,
  }, async () => {
    const aws = (...args: string[]) =>
      runAwsCli(
        awsCli as string,
        { endpoint: api.endpoint, caPath: api.ca.path, home: api.dataDir, credentials: TEST_KEY },
        args,
      );
    const created = JSON.parse(await aws('iot', 'create-thing', '--thing-name', 'cli-lamp'));
    assert.equal(created.thingName, 'cli-lamp');
    assert.equal(created.thingArn, 'arn:aws:iot:us-east-1:123456789012:thing/cli-lamp');

    await api.data().send(
      new UpdateThingShadowCommand({
        thingName: 'cli-lamp',
        payload: Buffer.from(JSON.stringify({ state: { reported: { power: 'on' } } })),
      }),
    );
    const outfile = join(api.dataDir, 'shadow.json');
    await aws('iot-data', 'get-thing-shadow', '--thing-name', 'cli-lamp', outfile);
    const shadow = JSON.parse(readFileSync(outfile, 'utf8'));
    assert.deepEqual([shadow.state, shadow.version], [{ reported: { power: 'on' } }, 1]);
  });
});
