import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClientInfo } from '@meridian/broker';
import { type CertificateStatus, IotArns } from '@meridian/contracts';
import { MemoryRegistryStore, RegistryService } from '@meridian/registry';
import type { Presence } from './presence-tracker.js';
import { ThingDetails } from './thing-details.js';

const account = { region: 'us-east-1', accountId: '123456789012' };
const arns = new IotArns(account.region, account.accountId);
const idOf = (n: number) => n.toString(16).padStart(64, '0');

function newThingDetails(options: {
  statuses?: Record<string, CertificateStatus>;
  clients?: ClientInfo[];
  presence?: Record<string, Presence>;
}) {
  const known = new Set<string>();
  const registry = new RegistryService({
    store: new MemoryRegistryStore(),
    ...account,
    principalExists: (arn) => known.has(arn),
  });
  const sut = new ThingDetails({
    registry,
    arns,
    certificateStatus: (id) => options.statuses?.[id],
    connectedClient: (clientId) => options.clients?.find((client) => client.clientId === clientId),
    presence: (clientId) => options.presence?.[clientId],
  });
  return { sut, registry, known };
}

describe(ThingDetails.name, () => {
  test('an unknown thing is ResourceNotFoundException', async () => {
    const { sut } = newThingDetails({});
    await assert.rejects(sut.describe('ghost'), { name: 'ResourceNotFoundException' });
  });

  test('lists every attached certificate beyond one page, with its status or none when it is gone', async () => {
    const statuses: Record<string, CertificateStatus> = {};
    const { sut, registry, known } = newThingDetails({ statuses });
    await registry.things.create({ thingName: 'busy' });
    const ids = Array.from({ length: 260 }, (_, n) => idOf(n + 1));
    for (const id of ids) {
      const arn = arns.certificate(id);
      known.add(arn);
      await registry.principals.attach({ thingName: 'busy', principal: arn });
      statuses[id] = 'ACTIVE';
    }
    statuses[idOf(7)] = 'REVOKED';
    delete statuses[idOf(9)];

    const { certificates } = await sut.describe('busy');
    assert.equal(certificates.length, 260);
    assert.deepEqual(new Set(certificates.map((certificate) => certificate.certificateId)), new Set(ids));
    assert.equal(certificates.find((c) => c.certificateId === idOf(7))?.status, 'REVOKED');
    assert.deepEqual(
      certificates.find((c) => c.certificateId === idOf(9)),
      { certificateId: idOf(9), certificateArn: arns.certificate(idOf(9)) },
    );
  });

  test('a principal of another region shows without a status, even when a certificate has that id', async () => {
    const id = idOf(1);
    const foreign = `arn:aws:iot:eu-west-1:123456789012:cert/${id}`;
    const { sut, registry, known } = newThingDetails({ statuses: { [id]: 'ACTIVE' } });
    known.add(foreign);
    await registry.things.create({ thingName: 'moved' });
    await registry.principals.attach({ thingName: 'moved', principal: foreign });
    assert.deepEqual((await sut.describe('moved')).certificates, [{ certificateId: id, certificateArn: foreign }]);
  });

  test('connection: the client named like the thing, and presence remembered after it left', async () => {
    const connectedAt = new Date('2026-03-04T05:06:07.000Z');
    const { sut, registry } = newThingDetails({
      clients: [
        {
          clientId: 'on',
          protocolVersion: 4,
          transport: 'wss',
          certificateId: idOf(3),
          connectedAt,
          subscriptions: [],
        },
      ],
      presence: {
        on: { lastConnectedAt: connectedAt },
        off: {
          lastConnectedAt: new Date('2026-03-01T00:00:00.000Z'),
          lastDisconnectedAt: new Date('2026-03-02T00:00:00.000Z'),
          lastDisconnectReason: 'MQTT_KEEP_ALIVE_TIMEOUT',
        },
      },
    });
    await registry.things.create({ thingName: 'on' });
    await registry.things.create({ thingName: 'off' });
    await registry.things.create({ thingName: 'never' });

    assert.deepEqual((await sut.describe('on')).connection, {
      clientId: 'on',
      connected: true,
      connectedAt: '2026-03-04T05:06:07.000Z',
      protocolVersion: '3.1.1',
      transport: 'wss',
      certificateId: idOf(3),
      lastConnectedAt: '2026-03-04T05:06:07.000Z',
    });
    assert.deepEqual((await sut.describe('off')).connection, {
      clientId: 'off',
      connected: false,
      lastConnectedAt: '2026-03-01T00:00:00.000Z',
      lastDisconnectedAt: '2026-03-02T00:00:00.000Z',
      lastDisconnectReason: 'MQTT_KEEP_ALIVE_TIMEOUT',
    });
    assert.deepEqual((await sut.describe('never')).connection, { clientId: 'never', connected: false });
  });
});
