import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { Broker } from './broker.js';
import { RawClient } from './testing/raw-client.js';
import type { BrokerOptions } from './types.js';

const brokers: Broker[] = [];

function newBroker(options: Partial<BrokerOptions> = {}): Broker {
  const broker = new Broker({ publishRatePerSecond: 0, ...options });
  brokers.push(broker);
  return broker;
}

afterEach(async () => {
  await Promise.all(brokers.splice(0).map((b) => b.close()));
});

async function subscriber(broker: Broker, filters: string[], protocolVersion: 4 | 5 = 4): Promise<RawClient> {
  const client = new RawClient(broker, protocolVersion);
  await client.connect();
  await client.subscribe('sentinel', 0);
  for (const filter of filters) await client.subscribe(filter, 0);
  return client;
}

/** Publishes `sentinel` (every subscriber has it) and returns the topics `client` received before it, in order. */
async function topicsBeforeSentinel(broker: Broker, client: RawClient): Promise<string[]> {
  broker.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
  const topics: string[] = [];
  for (;;) {
    const packet = await client.expect('publish');
    if (packet.topic === 'sentinel') return topics;
    topics.push(packet.topic);
  }
}

function retain(broker: Broker, topics: string[]): void {
  for (const topic of topics) broker.publish({ topic, payload: `r:${topic}`, qos: 1, retain: true });
}

describe('awsTopicSemantics', () => {
  test('defaults to false (MQTT specification)', () => {
    assert.equal(newBroker().options.awsTopicSemantics, false);
  });

  for (const protocolVersion of [4, 5] as const) {
    test(`false, v${protocolVersion}: \`sensor/#\` matches \`sensor\` [MQTT-4.7.1-2]`, async () => {
      const broker = newBroker();
      const client = await subscriber(broker, ['sensor/#'], protocolVersion);
      for (const topic of ['sensor', 'sensor/', 'sensor/a', 'sensors']) {
        broker.publish({ topic, payload: 'x', qos: 0, retain: false });
      }
      assert.deepEqual(await topicsBeforeSentinel(broker, client), ['sensor', 'sensor/', 'sensor/a']);
    });

    test(`true, v${protocolVersion}: \`sensor/#\` matches \`sensor/\` and \`sensor/a\` but not \`sensor\``, async () => {
      const broker = newBroker({ awsTopicSemantics: true });
      const client = await subscriber(broker, ['sensor/#', '$share/g/shared/#'], protocolVersion);
      for (const topic of ['sensor', 'sensor/', 'sensor/a', 'sensor/a/b', 'sensors', 'shared', 'shared/x']) {
        broker.publish({ topic, payload: 'x', qos: 0, retain: false });
      }
      assert.deepEqual(await topicsBeforeSentinel(broker, client), ['sensor/', 'sensor/a', 'sensor/a/b', 'shared/x']);
    });
  }

  test('true: `+` and `#` keep their other meanings', async () => {
    const broker = newBroker({ awsTopicSemantics: true });
    const client = await subscriber(broker, ['a/+/c', '#']);
    for (const topic of ['a/b/c', 'x', '$aws/things/t']) broker.publish({ topic, payload: 'x', qos: 0, retain: false });
    // `#` matches every topic but those starting with `$`; a/b/c matches both filters, sent once.
    assert.deepEqual(await topicsBeforeSentinel(broker, client), ['a/b/c', 'x']);
  });

  test('false: retained messages are sent to wildcard filters on SUBSCRIBE', async () => {
    const broker = newBroker();
    retain(broker, ['sensor', 'sensor/a', 'sensor/b/c', 'other']);
    const client = await subscriber(broker, ['sensor/#']);
    const topics = await topicsBeforeSentinel(broker, client);
    assert.deepEqual(topics.sort(), ['sensor', 'sensor/a', 'sensor/b/c']);
  });

  test('true: retained messages are sent on SUBSCRIBE only to a filter equal to their topic', async () => {
    const broker = newBroker({ awsTopicSemantics: true });
    retain(broker, ['sensor', 'sensor/a', 'sensor/b/c', 'other']);
    const wildcard = await subscriber(broker, ['sensor/#', 'sensor/+', '+/a', '#']);
    assert.deepEqual(await topicsBeforeSentinel(broker, wildcard), []);
    const exact = await subscriber(broker, ['sensor']);
    assert.deepEqual(await topicsBeforeSentinel(broker, exact), ['sensor']);
    const packet = await (async () => {
      const client = await subscriber(broker, []);
      await client.subscribe('sensor/b/c', 1);
      return client.expect('publish');
    })();
    assert.equal(packet.retain, true);
    assert.equal(packet.payload.toString(), 'r:sensor/b/c');
    // Retained messages are still stored.
    assert.equal((await broker.retained.get('sensor/a'))?.payload.toString(), 'r:sensor/a');
  });
});
