import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { Broker } from './broker.js';
import type { FanOut, FanOutNode, ShareScope } from './fan-out.js';
import { connectRaw, type RawClient } from './testing/raw-client.js';
import type { BrokerLogger, Message } from './types.js';

/** One cluster for a contract test: its nodes share one bus. */
export interface FanOutCluster {
  /** The FanOut of one more node of this cluster. */
  join(): FanOut;
  /** Resolves once everything sent between the nodes so far has been delivered. */
  settled(): Promise<void>;
}

export interface FanOutContractOptions {
  /** A new, empty cluster per test. */
  cluster(): FanOutCluster;
  /** How many nodes one cluster can hold (1: an in-process fan-out; the cluster tests are left out). */
  maxNodes: number;
}

const silent: BrokerLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A FanOutNode that records what it was asked to deliver. */
class RecordingNode implements FanOutNode {
  readonly delivered: Array<{ message: Message; shared: ShareScope }> = [];
  readonly logger = silent;

  deliver(message: Message, shared: ShareScope): void {
    this.delivered.push({ message, shared });
  }
}

function message(topic: string, payload: string, fields: Partial<Message> = {}): Message {
  return { topic, payload: Buffer.from(payload), qos: 1, retain: false, receivedAt: new Date(), ...fields };
}

/** Reads publishes until `sentinels` sentinel messages came; returns the other payloads. */
async function readUntilSentinels(client: RawClient, sentinels = 1): Promise<string[]> {
  const got: string[] = [];
  let seen = 0;
  while (seen < sentinels) {
    const packet = await client.expect('publish');
    if (packet.qos > 0) client.send({ cmd: 'puback', messageId: packet.messageId! });
    if (packet.topic === 'sentinel') seen++;
    else got.push(packet.payload.toString());
  }
  return got;
}

/** Behaviour every FanOut implementation must have (run by each implementation's tests). */
export function fanOutContract(name: string, options: FanOutContractOptions): void {
  describe(`${name} (FanOut contract)`, { timeout: 10_000 }, () => {
    const brokers: Broker[] = [];
    const fanOuts: FanOut[] = [];
    afterEach(async () => {
      await Promise.all(brokers.splice(0).map((broker) => broker.close()));
      await Promise.all(fanOuts.splice(0).map((fanOut) => fanOut.close()));
    });

    function attached(cluster: FanOutCluster): { fanOut: FanOut; node: RecordingNode } {
      const fanOut = cluster.join();
      fanOuts.push(fanOut);
      const node = new RecordingNode();
      fanOut.attach(node);
      return { fanOut, node };
    }

    function brokerOn(cluster: FanOutCluster): Broker {
      const broker = new Broker({ fanOut: cluster.join() });
      brokers.push(broker);
      return broker;
    }

    test('the publishing node delivers synchronously within publish, once, the very message object', async () => {
      const cluster = options.cluster();
      const { fanOut, node } = attached(cluster);
      const sent = message('a/b', 'x');
      fanOut.publish(sent);
      assert.equal(node.delivered.length, 1);
      assert.equal(node.delivered[0]!.message, sent);
      await cluster.settled();
      assert.equal(node.delivered.length, 1, 'no echo of its own message');
    });

    test('a fan-out serves one broker: a second attach throws', () => {
      const { fanOut } = attached(options.cluster());
      assert.throws(() => fanOut.attach(new RecordingNode()), /already attached/);
    });

    test('after close the node gets nothing', async () => {
      const cluster = options.cluster();
      const { fanOut, node } = attached(cluster);
      await fanOut.close();
      fanOut.publish(message('a', 'x'));
      await cluster.settled();
      assert.equal(node.delivered.length, 0);
    });

    test('a broker on the fan-out delivers a client publish to its subscribers once', async () => {
      const cluster = options.cluster();
      const broker = brokerOn(cluster);
      const subscriber = await connectRaw(broker, 5);
      await subscriber.subscribe(['t/#', 'sentinel'], 1);
      const publisher = await connectRaw(broker, 4);
      publisher.publish('t/1', 'hello', { qos: 1 });
      await publisher.expect('puback');
      publisher.publish('sentinel', 'end', { qos: 0 });
      assert.deepEqual(await readUntilSentinels(subscriber), ['hello']);
    });

    test('a share group on one broker gets each message once', async () => {
      const cluster = options.cluster();
      const broker = brokerOn(cluster);
      const members = [await connectRaw(broker, 5), await connectRaw(broker, 4)];
      for (const member of members) await member.subscribe(['$share/g/jobs', 'sentinel'], 1);
      await cluster.settled();
      for (let i = 0; i < 4; i++) broker.publish({ topic: 'jobs', payload: String(i), qos: 1, retain: false });
      broker.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
      const got = await Promise.all(members.map((member) => readUntilSentinels(member)));
      assert.deepEqual(got.flat().sort(), ['0', '1', '2', '3']);
      assert.deepEqual(
        got.map((list) => list.length),
        [2, 2],
      );
    });

    if (options.maxNodes < 2) return;

    test('[cluster] every other node gets an equal message once, without the share assignments of others', async () => {
      const cluster = options.cluster();
      const a = attached(cluster);
      const b = attached(cluster);
      const c = attached(cluster);
      assert.equal(new Set([a.fanOut.nodeId, b.fanOut.nodeId, c.fanOut.nodeId]).size, 3, 'distinct node ids');
      await cluster.settled();
      const sent = message('x/y', 'payload', {
        clientId: 'dev-1',
        properties: { userProperties: { k: 'v' }, correlationData: Buffer.from([1, 2]) },
      });
      a.fanOut.publish(sent);
      await cluster.settled();
      for (const other of [b, c]) {
        assert.equal(other.node.delivered.length, 1);
        const { message: got, shared } = other.node.delivered[0]!;
        assert.deepEqual(got, sent);
        assert.notEqual(shared, 'all', 'only the groups assigned to that node');
      }
      assert.equal(a.node.delivered.length, 1);
    });

    test('[cluster] a message published on broker A reaches a subscriber on broker B exactly once, with its MQTT 5 properties', async () => {
      const cluster = options.cluster();
      const a = brokerOn(cluster);
      const b = brokerOn(cluster);
      const onB = await connectRaw(b, 5);
      await onB.subscribe(['t/#', 'sentinel'], 1);
      const onA = await connectRaw(a, 5);
      await onA.subscribe(['t/#', 'sentinel'], 1);
      const publisher = await connectRaw(a, 5);
      publisher.publish('t/1', 'hello', {
        qos: 1,
        properties: {
          userProperties: { site: 'north' },
          correlationData: Buffer.from('c-1'),
          contentType: 'text/plain',
        },
      });
      await publisher.expect('puback');
      publisher.publish('sentinel', 'end', { qos: 0 });
      const packet = await onB.expect('publish');
      onB.send({ cmd: 'puback', messageId: packet.messageId! });
      assert.deepEqual(
        [packet.topic, packet.payload.toString(), packet.qos, packet.properties?.contentType],
        ['t/1', 'hello', 1, 'text/plain'],
      );
      assert.deepEqual({ ...packet.properties?.userProperties }, { site: 'north' });
      assert.equal(packet.properties?.correlationData?.toString(), 'c-1');
      assert.deepEqual(await readUntilSentinels(onB), [], 'exactly once on B');
      assert.deepEqual(await readUntilSentinels(onA), ['hello'], 'exactly once on A');
    });

    test('[cluster] a share group with members on two brokers delivers each message once cluster-wide, from either broker', async () => {
      const cluster = options.cluster();
      const a = brokerOn(cluster);
      const b = brokerOn(cluster);
      const members = [await connectRaw(a, 5), await connectRaw(b, 4), await connectRaw(b, 5)];
      for (const member of members) await member.subscribe(['$share/workers/jobs/+', 'sentinel'], 1);
      await cluster.settled();
      for (let i = 0; i < 6; i++) {
        a.publish({ topic: 'jobs/a', payload: `a${i}`, qos: 1, retain: false });
        b.publish({ topic: 'jobs/b', payload: `b${i}`, qos: 1, retain: false });
      }
      // Every member reads until it saw the sentinel of each broker (the bus keeps each sender's order).
      a.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
      b.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
      const got = await Promise.all(members.map((member) => readUntilSentinels(member, 2)));
      const expected = [0, 1, 2, 3, 4, 5].flatMap((i) => [`a${i}`, `b${i}`]).sort();
      assert.deepEqual(got.flat().sort(), expected, 'each message exactly once');
      assert.ok(got[0]!.length > 0, 'the member on A got some');
      assert.ok(got[1]!.length + got[2]!.length > 0, 'the members on B got some');
    });

    test('[cluster] a share group whose only member is on broker B gets the messages published on broker A', async () => {
      const cluster = options.cluster();
      const a = brokerOn(cluster);
      const b = brokerOn(cluster);
      const member = await connectRaw(b, 5);
      await member.subscribe(['$share/g/t', 'sentinel'], 0);
      await cluster.settled();
      for (let i = 0; i < 3; i++) a.publish({ topic: 't', payload: String(i), qos: 0, retain: false });
      a.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
      assert.deepEqual(await readUntilSentinels(member), ['0', '1', '2']);
    });

    test('[cluster] AWS §6.2: with no member online, a QoS 1 message is queued once for a persistent member on another broker', async () => {
      const cluster = options.cluster();
      const a = brokerOn(cluster);
      const b = brokerOn(cluster);
      const fields = { clientId: 'worker-b', clean: false, properties: { sessionExpiryInterval: 600 } };
      const first = await connectRaw(b, 5, fields);
      await first.subscribe('$share/g/jobs', 1);
      first.end();
      await first.ended;
      await cluster.settled();
      a.publish({ topic: 'jobs', payload: 'queued', qos: 1, retain: false });
      a.publish({ topic: 'jobs', payload: 'at most once', qos: 0, retain: false });
      await cluster.settled();
      const resumed = await connectRaw(b, 5, fields);
      const packet = await resumed.expect('publish');
      resumed.send({ cmd: 'puback', messageId: packet.messageId! });
      assert.deepEqual([packet.topic, packet.payload.toString(), packet.qos], ['jobs', 'queued', 1]);
      await resumed.subscribe('sentinel', 0);
      b.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
      assert.deepEqual(await readUntilSentinels(resumed), [], 'queued once, nothing else');
    });

    test('[cluster] a broker that closes leaves the share groups; the others serve them alone', async () => {
      const cluster = options.cluster();
      const a = brokerOn(cluster);
      const b = brokerOn(cluster);
      const onA = await connectRaw(a, 5);
      await onA.subscribe(['$share/g/t', 'sentinel'], 0);
      const onB = await connectRaw(b, 5);
      await onB.subscribe('$share/g/t', 0);
      await cluster.settled();
      await b.close();
      await cluster.settled();
      for (let i = 0; i < 3; i++) a.publish({ topic: 't', payload: String(i), qos: 0, retain: false });
      a.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
      assert.deepEqual(await readUntilSentinels(onA), ['0', '1', '2']);
    });
  });
}
