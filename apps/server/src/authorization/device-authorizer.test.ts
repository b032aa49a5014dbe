import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Broker } from '@meridian/broker';
import { RawClient } from '@meridian/broker/testing';
import { IotArns } from '@meridian/contracts';
import { MemoryPolicyStore, PolicyService } from '@meridian/policy';
import { MemoryRegistryStore, RegistryService } from '@meridian/registry';
import { DeviceAuthorizer } from './device-authorizer.js';
import { authenticateWithPolicies, LiveAuthorization } from './live-authorization.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const arns = new IotArns(REGION, ACCOUNT);
const CERT = 'c0'.repeat(32);
const OTHER_CERT = 'd1'.repeat(32);
const NOT_AUTHORIZED = 0x87;

/** A realistic device policy: everything scoped to the thing the device connects as. */
const THING_SCOPED_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'iot:Connect', Resource: `${arns.prefix}client/\${iot:Connection.Thing.ThingName}` },
    {
      Effect: 'Allow',
      Action: 'iot:Publish',
      Resource: `${arns.prefix}topic/devices/\${iot:Connection.Thing.ThingName}/*`,
    },
    {
      Effect: 'Allow',
      Action: 'iot:Subscribe',
      Resource: [
        `${arns.prefix}topicfilter/devices/\${iot:Connection.Thing.ThingName}/*`,
        `${arns.prefix}topicfilter/sentinel`,
      ],
    },
    {
      Effect: 'Allow',
      Action: 'iot:Receive',
      Resource: [`${arns.prefix}topic/devices/\${iot:Connection.Thing.ThingName}/*`, `${arns.prefix}topic/sentinel`],
    },
  ],
});

let broker: Broker;
let policies: PolicyService;
let registry: RegistryService;
let live: LiveAuthorization;
let authorizer: DeviceAuthorizer;

beforeEach(async () => {
  policies = new PolicyService({ store: new MemoryPolicyStore(), arns });
  registry = new RegistryService({
    store: new MemoryRegistryStore(),
    principalExists: () => true,
    region: REGION,
    accountId: ACCOUNT,
  });
  authorizer = new DeviceAuthorizer({
    arns,
    certificateFacts: (id) => ({ id, subject: { CommonName: [`device-${id.slice(0, 4)}`] } }),
    thingForConnection: (clientId, principal) => registry.thingForConnection(clientId, principal),
    thingGroupArns: async (thing) => (await registry.groupsOfThing(thing)).map((group) => group.groupArn),
    effectivePolicies: (targets) => policies.effectivePolicies(targets),
  });
  broker = new Broker(
    { cacheAuthorization: true },
    { authenticate: authenticateWithPolicies(() => ({ ok: true }), authorizer), ...authorizer.hooks() },
  );
  live = new LiveAuthorization(broker, authorizer, { info: () => {}, warn: () => {} });
  policies.onChange(() => live.changed());
  registry.onChange(() => live.changed());
  await registry.things.create({ thingName: 'lamp-1' });
  await registry.principals.attach({ thingName: 'lamp-1', principal: arns.certificate(CERT) });
});

afterEach(() => broker.close());

async function device(clientId: string, protocolVersion: 4 | 5 = 5, certificateId = CERT, fields = {}) {
  const client = new RawClient(broker, protocolVersion, { transport: 'tls', remoteAddress: '10.1.2.3', certificateId });
  const connack = await client.connect({ clientId, ...fields });
  return { client, code: protocolVersion === 5 ? connack.reasonCode : connack.returnCode };
}

async function attach(name: string, document: string, target = arns.certificate(CERT)): Promise<void> {
  await policies.createPolicy({ policyName: name, policyDocument: document });
  await policies.attachPolicy(name, target);
}

describe('iot:Connect', () => {
  test('default deny: a certificate without policies cannot connect (MQTT 5 0x87, 3.1.1 code 5)', async () => {
    assert.equal((await device('lamp-1', 5)).code, NOT_AUTHORIZED);
    assert.equal((await device('lamp-1', 4)).code, 5);
  });

  test('thing variables resolve only for the thing attached to the certificate', async () => {
    await attach('device', THING_SCOPED_POLICY);
    assert.equal((await device('lamp-1')).code, 0);
    await registry.things.create({ thingName: 'lamp-2' });
    assert.equal((await device('lamp-2')).code, NOT_AUTHORIZED, 'lamp-2 exists but is not attached');
    assert.equal((await device('lamp-1', 5, OTHER_CERT)).code, NOT_AUTHORIZED, 'another certificate');
  });

  test('iot:ConnectAttributes: a policy may refuse persistent sessions', async () => {
    await attach(
      'no-persistence',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'iot:Connect',
            Resource: `${arns.prefix}client/*`,
            Condition: { 'ForAllValues:StringNotEquals': { 'iot:ConnectAttributes': ['PersistentConnect'] } },
          },
        ],
      }),
    );
    assert.equal((await device('lamp-1', 5)).code, 0);
    assert.equal((await device('lamp-1', 5, CERT, { properties: { sessionExpiryInterval: 60 } })).code, NOT_AUTHORIZED);
    assert.equal((await device('lamp-1', 4, CERT, { clean: false })).code, 5);
  });

  test('policies attached to the thing group (or an ancestor) of the connecting thing apply', async () => {
    await registry.thingGroups.create({ thingGroupName: 'site' });
    await registry.thingGroups.create({ thingGroupName: 'floor-1', parentGroupName: 'site' });
    await registry.thingGroups.addThing({ thingGroupName: 'floor-1', thingName: 'lamp-1' });
    await attach('site-devices', THING_SCOPED_POLICY, arns.thingGroup('site'));
    assert.equal((await device('lamp-1')).code, 0);
  });
});

describe('iot:Publish, iot:RetainPublish, iot:Subscribe, iot:Receive', () => {
  beforeEach(() => attach('device', THING_SCOPED_POLICY));

  test('publish is allowed under the thing name only (PUBACK 0x87 elsewhere)', async () => {
    const { client } = await device('lamp-1');
    client.publish('devices/lamp-1/telemetry', '{}', { qos: 1 });
    assert.equal((await client.expect('puback')).reasonCode, 0);
    client.publish('devices/lamp-2/telemetry', '{}', { qos: 1 });
    assert.equal((await client.expect('puback')).reasonCode, NOT_AUTHORIZED);
  });

  test('MQTT 3.1.1: a denied publish closes the connection', async () => {
    const { client } = await device('lamp-1', 4);
    client.publish('devices/lamp-2/telemetry', '{}', { qos: 1 });
    await client.ended;
  });

  test('a retained publish also needs iot:RetainPublish', async () => {
    const { client } = await device('lamp-1');
    client.publish('devices/lamp-1/state', 'on', { qos: 1, retain: true });
    assert.equal((await client.expect('puback')).reasonCode, NOT_AUTHORIZED);
    await attach(
      'retain',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iot:RetainPublish', Resource: `${arns.prefix}topic/devices/*` }],
      }),
    );
    await live.settled();
    client.publish('devices/lamp-1/state', 'on', { qos: 1, retain: true });
    assert.equal((await client.expect('puback')).reasonCode, 0);
  });

  test('subscribe is checked per filter text (SUBACK 0x87 for the other device)', async () => {
    const { client } = await device('lamp-1');
    assert.deepEqual(await client.subscribe(['devices/lamp-1/cmd', 'devices/lamp-2/cmd']), [1, NOT_AUTHORIZED]);
  });

  test('receive is checked per delivery: a denied message is silently not delivered', async () => {
    await attach(
      'wide-subscribe',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iot:Subscribe', Resource: `${arns.prefix}topicfilter/devices/#` }],
      }),
    );
    const { client } = await device('lamp-1');
    assert.deepEqual(await client.subscribe(['devices/#', 'sentinel']), [1, 1]);
    broker.publish({ topic: 'devices/lamp-2/cmd', payload: 'not for you', qos: 1, retain: false });
    broker.publish({ topic: 'devices/lamp-1/cmd', payload: 'for you', qos: 1, retain: false });
    const delivered = await client.expect('publish');
    assert.equal(delivered.topic, 'devices/lamp-1/cmd');
  });
});

describe('clients the broker restored without a grant', () => {
  test('a will of a persistent session restored after a restart is still policy-checked', async () => {
    await attach('device', THING_SCOPED_POLICY);
    const { authorizePublish } = authorizer.hooks();
    const restored = {
      clientId: 'lamp-1',
      protocolVersion: 5 as const,
      transport: 'tls' as const,
      certificateId: CERT,
      connectedAt: new Date(),
      subscriptions: [],
    };
    assert.equal(await authorizePublish(restored, 'devices/lamp-1/will', false), true);
    assert.equal(await authorizePublish(restored, 'devices/lamp-2/will', false), false);
    assert.equal(
      await authorizePublish({ ...restored, certificateId: OTHER_CERT }, 'devices/lamp-1/will', false),
      false,
    );
  });
});

describe('changes reach live connections', () => {
  test('detaching the policy disconnects the device (DISCONNECT 0x87)', async () => {
    await attach('device', THING_SCOPED_POLICY);
    const { client } = await device('lamp-1');
    await policies.detachPolicy('device', arns.certificate(CERT));
    const disconnect = await client.expect('disconnect');
    assert.equal(disconnect.reasonCode, NOT_AUTHORIZED);
    await client.ended;
  });

  test('a new default version applies to the next publish of a connected device', async () => {
    await attach('device', THING_SCOPED_POLICY);
    const { client } = await device('lamp-1');
    client.publish('devices/lamp-1/telemetry', '{}', { qos: 1 });
    assert.equal((await client.expect('puback')).reasonCode, 0, 'allowed and now cached');
    const withDeny = JSON.parse(THING_SCOPED_POLICY);
    withDeny.Statement.push({
      Effect: 'Deny',
      Action: 'iot:Publish',
      Resource: `${arns.prefix}topic/devices/*/telemetry`,
    });
    await policies.createPolicyVersion({
      policyName: 'device',
      policyDocument: JSON.stringify(withDeny),
      setAsDefault: true,
    });
    await live.settled();
    client.publish('devices/lamp-1/telemetry', '{}', { qos: 1 });
    assert.equal((await client.expect('puback')).reasonCode, NOT_AUTHORIZED);
  });

  test('detaching the certificate from the thing removes the thing-scoped rights', async () => {
    await attach('device', THING_SCOPED_POLICY);
    const { client } = await device('lamp-1');
    await registry.principals.detach({ thingName: 'lamp-1', principal: arns.certificate(CERT) });
    assert.equal((await client.expect('disconnect')).reasonCode, NOT_AUTHORIZED);
  });
});
