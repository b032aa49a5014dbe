import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SessionStore, StoredOutgoing, StoredSession, StoredWill } from './session-store.js';

function outgoing(seq: number, fields: Partial<StoredOutgoing> = {}): StoredOutgoing {
  return {
    seq,
    packetId: 0,
    state: 'queued',
    qos: 1,
    retain: false,
    topic: `t/${seq}`,
    payload: Buffer.from(`m${seq}`),
    receivedAt: new Date(1_700_000_000_000 + seq),
    ...fields,
  };
}

function will(fields: Partial<StoredWill> = {}): StoredWill {
  return {
    topic: 'status/dev-1',
    payload: Buffer.from([0x6f, 0x00, 0xff]),
    qos: 1,
    retain: false,
    publishAt: new Date(1_800_000_000_000),
    client: { protocolVersion: 5, transport: 'tls', connectedAt: new Date(1_700_000_000_000) },
    ...fields,
  };
}

async function find(store: SessionStore, clientId: string): Promise<StoredSession | undefined> {
  return (await store.load()).find((s) => s.clientId === clientId);
}

/** Behaviour every SessionStore implementation must have (run by each implementation's tests). */
export function sessionStoreContract(name: string, create: () => SessionStore | Promise<SessionStore>): void {
  describe(`${name} (SessionStore contract)`, () => {
    test('an empty store loads no sessions', async () => {
      const sut = await create();
      assert.deepEqual(await sut.load(), []);
    });

    test('putSession stores and replaces the session fields', async () => {
      const sut = await create();
      await sut.apply([
        { op: 'putSession', session: { clientId: 'c1', protocolVersion: 4, expiryIntervalSeconds: 60 } },
      ]);
      let session = await find(sut, 'c1');
      assert.equal(session?.expiryIntervalSeconds, 60);
      assert.equal(session?.expiresAt, undefined);
      const expiresAt = new Date(1_800_000_000_000);
      await sut.apply([
        { op: 'putSession', session: { clientId: 'c1', protocolVersion: 5, expiryIntervalSeconds: 30, expiresAt } },
      ]);
      session = await find(sut, 'c1');
      assert.equal(session?.protocolVersion, 5);
      assert.equal(session?.expiryIntervalSeconds, 30);
      assert.equal(session?.expiresAt?.getTime(), expiresAt.getTime());
      assert.equal((await sut.load()).length, 1);
    });

    test('subscriptions with options are stored, replaced and deleted', async () => {
      const sut = await create();
      const sub = {
        filter: 'a/+',
        qos: 1 as const,
        noLocal: false,
        retainAsPublished: false,
        retainHandling: 0 as const,
      };
      await sut.apply([
        { op: 'putSession', session: { clientId: 'c1', protocolVersion: 5, expiryIntervalSeconds: 60 } },
        { op: 'putSubscription', clientId: 'c1', subscription: sub },
        { op: 'putSubscription', clientId: 'c1', subscription: { ...sub, filter: 'b/#', qos: 0 } },
        { op: 'putSubscription', clientId: 'c1', subscription: { ...sub, qos: 2, noLocal: true, retainHandling: 2 } },
      ]);
      let session = await find(sut, 'c1');
      const byFilter = new Map(session?.subscriptions.map((s) => [s.filter, s]));
      assert.deepEqual(byFilter.get('a/+'), { ...sub, qos: 2, noLocal: true, retainHandling: 2 });
      assert.equal(byFilter.get('b/#')?.qos, 0);
      await sut.apply([{ op: 'deleteSubscription', clientId: 'c1', filter: 'a/+' }]);
      session = await find(sut, 'c1');
      assert.deepEqual(
        session?.subscriptions.map((s) => s.filter),
        ['b/#'],
      );
    });

    test('outgoing messages load in seq order, are replaced by seq and deleted', async () => {
      const sut = await create();
      await sut.apply([
        { op: 'putSession', session: { clientId: 'c1', protocolVersion: 4, expiryIntervalSeconds: 60 } },
        { op: 'putOutgoing', clientId: 'c1', message: outgoing(3) },
        { op: 'putOutgoing', clientId: 'c1', message: outgoing(1) },
        { op: 'putOutgoing', clientId: 'c1', message: outgoing(2, { qos: 2 }) },
      ]);
      await sut.apply([
        { op: 'putOutgoing', clientId: 'c1', message: outgoing(2, { qos: 2, packetId: 7, state: 'pubrel' }) },
        { op: 'deleteOutgoing', clientId: 'c1', seq: 3 },
      ]);
      const session = await find(sut, 'c1');
      assert.deepEqual(
        session?.outgoing.map((m) => [m.seq, m.packetId, m.state, m.qos, m.topic, m.payload.toString()]),
        [
          [1, 0, 'queued', 1, 't/1', 'm1'],
          [2, 7, 'pubrel', 2, 't/2', 'm2'],
        ],
      );
      assert.equal(session?.outgoing[0]?.receivedAt.getTime(), 1_700_000_000_001);
    });

    test('outgoing messages keep the RETAIN flag and MQTT 5 properties', async () => {
      const sut = await create();
      const properties = {
        payloadFormatIndicator: true,
        messageExpiryInterval: 30,
        contentType: 'application/json',
        responseTopic: 'r/1',
        correlationData: Buffer.from([0, 1, 2, 255]),
        userProperties: { a: '1', b: ['x', 'y'] },
      };
      await sut.apply([
        { op: 'putSession', session: { clientId: 'c1', protocolVersion: 5, expiryIntervalSeconds: 60 } },
        { op: 'putOutgoing', clientId: 'c1', message: outgoing(1, { retain: true, properties }) },
      ]);
      const message = (await find(sut, 'c1'))?.outgoing[0];
      assert.equal(message?.retain, true);
      assert.deepEqual(message?.properties, properties);
      assert.ok(Buffer.isBuffer(message?.payload));
    });

    test('incoming QoS 2 packet ids are stored and deleted', async () => {
      const sut = await create();
      await sut.apply([
        { op: 'putSession', session: { clientId: 'c1', protocolVersion: 4, expiryIntervalSeconds: 60 } },
        { op: 'putIncomingQos2', clientId: 'c1', packetId: 5 },
        { op: 'putIncomingQos2', clientId: 'c1', packetId: 9 },
        { op: 'putIncomingQos2', clientId: 'c1', packetId: 5 },
      ]);
      assert.deepEqual((await find(sut, 'c1'))?.incomingQos2.sort(), [5, 9]);
      await sut.apply([{ op: 'deleteIncomingQos2', clientId: 'c1', packetId: 5 }]);
      assert.deepEqual((await find(sut, 'c1'))?.incomingQos2, [9]);
    });

    test('a pending will is stored with its properties and client, replaced and deleted', async () => {
      const sut = await create();
      const first = will({
        retain: true,
        properties: {
          messageExpiryInterval: 60,
          contentType: 'text/plain',
          correlationData: Buffer.from([1, 2, 3]),
          userProperties: { reason: ['lost', 'power'] },
        },
        client: {
          protocolVersion: 5,
          transport: 'tls',
          remoteAddress: '10.0.0.7',
          certificateId: 'ab'.repeat(32),
          connectedAt: new Date(1_700_000_000_500),
        },
      });
      await sut.apply([
        { op: 'putSession', session: { clientId: 'c1', protocolVersion: 5, expiryIntervalSeconds: 60 } },
        { op: 'putWill', clientId: 'c1', will: first },
      ]);
      assert.deepEqual((await find(sut, 'c1'))?.will, first);
      const second = will({ topic: 'status/other', publishAt: new Date(1_800_000_001_000) });
      await sut.apply([{ op: 'putWill', clientId: 'c1', will: second }]);
      assert.deepEqual((await find(sut, 'c1'))?.will, second);
      await sut.apply([{ op: 'deleteWill', clientId: 'c1' }]);
      const session = await find(sut, 'c1');
      assert.ok(session !== undefined);
      assert.equal(session.will, undefined);
    });

    test('a will for an unknown session is ignored', async () => {
      const sut = await create();
      await sut.apply([{ op: 'putWill', clientId: 'nobody', will: will() }]);
      assert.deepEqual(await sut.load(), []);
    });

    test('deleteSession removes the session with all of its state; other sessions stay', async () => {
      const sut = await create();
      const sub = {
        filter: 'a',
        qos: 1 as const,
        noLocal: false,
        retainAsPublished: false,
        retainHandling: 0 as const,
      };
      for (const clientId of ['c1', 'c2']) {
        await sut.apply([
          { op: 'putSession', session: { clientId, protocolVersion: 4, expiryIntervalSeconds: 60 } },
          { op: 'putSubscription', clientId, subscription: sub },
          { op: 'putOutgoing', clientId, message: outgoing(1) },
          { op: 'putIncomingQos2', clientId, packetId: 1 },
          { op: 'putWill', clientId, will: will() },
        ]);
      }
      await sut.apply([{ op: 'deleteSession', clientId: 'c1' }]);
      assert.deepEqual(
        (await sut.load()).map((s) => s.clientId),
        ['c2'],
      );
      // A session created again under the same id starts empty.
      await sut.apply([
        { op: 'putSession', session: { clientId: 'c1', protocolVersion: 4, expiryIntervalSeconds: 5 } },
      ]);
      const again = await find(sut, 'c1');
      assert.deepEqual(
        [again?.subscriptions, again?.outgoing, again?.incomingQos2, again?.will],
        [[], [], [], undefined],
      );
      assert.ok((await find(sut, 'c2'))?.will !== undefined, 'the other session keeps its will');
    });
  });
}
