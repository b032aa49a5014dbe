import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { Broker } from './broker.js';
import { captureLogger, type LogLine } from './testing/helpers.js';
import { connectRaw, type RawClient } from './testing/raw-client.js';
import type { PublishedMessage } from './types.js';

let broker: Broker;
let lines: LogLine[];

function newBroker(): Broker {
  const captured = captureLogger();
  lines = captured.lines;
  broker = new Broker({}, {}, captured.logger);
  return broker;
}

/** A promise with its resolve/reject outside. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve: () => void = () => {};
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

afterEach(() => broker.close());

describe('Broker.onRequest', () => {
  for (const protocolVersion of [4, 5] as const) {
    test(`a QoS 1 PUBACK waits for the handler's promise; the answer it publishes arrives first (MQTT ${protocolVersion})`, async () => {
      newBroker();
      const pending: Array<{ message: PublishedMessage; done: ReturnType<typeof deferred> }> = [];
      broker.onRequest((message) => {
        if (message.topic !== 'svc/request') return;
        const done = deferred();
        pending.push({ message, done });
        return done.promise;
      });
      const client = await connectRaw(broker, protocolVersion);
      await client.subscribe('svc/answer', 1);
      const id = client.publish('svc/request', 'q', { qos: 1 });
      await turn();
      await turn();
      assert.equal(pending.length, 1);
      assert.equal(pending[0]!.message.clientId !== undefined, true);
      assert.deepEqual(client.unread, [], 'no PUBACK yet');

      broker.publish({ topic: 'svc/answer', payload: 'a', qos: 1, retain: false });
      pending[0]!.done.resolve();
      const answer = await client.expect('publish');
      assert.equal(answer.topic, 'svc/answer');
      assert.equal((await client.expect('puback')).messageId, id);
    });
  }

  test('later packets are read at once; acknowledgements keep the order of their PUBLISH packets', async () => {
    newBroker();
    const first = deferred();
    broker.onRequest((message) => (message.topic === 'svc/slow' ? first.promise : undefined));
    const watcher = await connectRaw(broker, 5);
    await watcher.subscribe('plain/#', 0);
    const client = await connectRaw(broker, 5);
    const slow = client.publish('svc/slow', 'q', { qos: 1 });
    const plain = client.publish('plain/1', 'x', { qos: 1 });
    client.publish('plain/2', 'y', { qos: 0 });
    assert.equal((await watcher.expect('publish')).topic, 'plain/1', 'routed while the first PUBACK is held');
    assert.equal((await watcher.expect('publish')).topic, 'plain/2');
    await turn();
    assert.deepEqual(client.unread, [], 'the second PUBACK waits behind the first');
    first.resolve();
    assert.deepEqual(
      [(await client.expect('puback')).messageId, (await client.expect('puback')).messageId],
      [slow, plain],
    );
  });

  test('a rejected or throwing handler still lets the PUBACK go; the failure is logged', async () => {
    newBroker();
    broker.onRequest((message) => {
      if (!message.topic.startsWith('svc/')) return;
      if (message.topic === 'svc/throws') throw new Error('sync failure');
      return Promise.reject(new Error('async failure'));
    });
    const client: RawClient = await connectRaw(broker, 5);
    const a = client.publish('svc/rejects', 'q', { qos: 1 });
    const b = client.publish('svc/throws', 'q', { qos: 1 });
    assert.equal((await client.expect('puback')).messageId, a);
    assert.equal((await client.expect('puback')).messageId, b);
    assert.deepEqual(
      lines
        .filter((line) => line.msg === 'MQTT request handler failed')
        .map((line) => String(line.obj.err))
        .sort(),
      ['Error: async failure', 'Error: sync failure'],
    );
  });

  test('platform publishes reach request handlers too; QoS 0 has nothing to hold', async () => {
    newBroker();
    const seen: string[] = [];
    const stop = broker.onRequest((message) => {
      if (message.topic.startsWith('$aws/events/')) return;
      seen.push(`${message.topic}:${message.clientId ?? 'platform'}`);
      return new Promise<void>(() => {});
    });
    broker.publish({ topic: 'svc/x', payload: '', qos: 1, retain: false });
    const client = await connectRaw(broker, 5, { clientId: 'dev' });
    await client.subscribe('svc/#', 0);
    client.publish('svc/y', 'q', { qos: 0 });
    assert.equal((await client.expect('publish')).topic, 'svc/y');
    stop();
    const id = client.publish('svc/z', 'q', { qos: 1 });
    assert.equal((await client.expect('publish')).topic, 'svc/z');
    assert.equal((await client.expect('puback')).messageId, id, 'no handler left to wait for');
    assert.deepEqual(seen, ['svc/x:platform', 'svc/y:dev']);
  });
});
