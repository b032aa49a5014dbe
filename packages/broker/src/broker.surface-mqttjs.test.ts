import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { IClientOptions, MqttClient } from 'mqtt';
import { connectMqtt, nextMessage, startTcpBroker, type TcpBroker } from './testing/helpers.js';

let tcp: TcpBroker | undefined;
const clients: MqttClient[] = [];

async function client(options: IClientOptions): Promise<MqttClient> {
  const c = await connectMqtt(tcp!.url, options);
  clients.push(c);
  return c;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await tcp?.close();
  tcp = undefined;
});

describe('mqtt.js with the MQTT 5 surface features', () => {
  test('topic aliases both ways: autoUseTopicAlias publisher, subscriber with Topic Alias Maximum', async () => {
    tcp = await startTcpBroker();
    const subscriber = await client({ protocolVersion: 5, properties: { topicAliasMaximum: 2 } });
    const publisher = await client({ protocolVersion: 5, autoUseTopicAlias: true });
    await subscriber.subscribeAsync('alias/#', { qos: 0 });
    const received: Array<[string, string, number | undefined]> = [];
    const done = new Promise<void>((resolve) => {
      subscriber.on('message', (topic, payload, packet) => {
        received.push([topic, payload.toString(), packet.properties?.topicAlias]);
        if (received.length === 4) resolve();
      });
    });
    for (const [topic, payload] of [
      ['alias/a', '1'],
      ['alias/a', '2'],
      ['alias/b', '3'],
      ['alias/a', '4'],
    ]) {
      await publisher.publishAsync(topic!, payload!, { qos: 0 });
    }
    await done;
    assert.deepEqual(
      received.map(([topic, payload]) => [topic, payload]),
      [
        ['alias/a', '1'],
        ['alias/a', '2'],
        ['alias/b', '3'],
        ['alias/a', '4'],
      ],
    );
    assert.ok(received.every(([, , alias]) => alias !== undefined));
  });

  test('subscription identifiers reach the mqtt.js subscriber', async () => {
    tcp = await startTcpBroker();
    const subscriber = await client({ protocolVersion: 5 });
    await subscriber.subscribeAsync('ids/+', { qos: 1, properties: { subscriptionIdentifier: 12 } });
    const got = nextMessage(subscriber);
    tcp.broker.publish({ topic: 'ids/x', payload: 'x', qos: 1, retain: false });
    assert.equal((await got).packet.properties?.subscriptionIdentifier, 12);
  });

  for (const protocolVersion of [4, 5] as const) {
    test(`shared subscription with mqtt.js (MQTT ${protocolVersion}): each message to one member`, async () => {
      tcp = await startTcpBroker();
      const members = [await client({ protocolVersion }), await client({ protocolVersion })];
      for (const member of members) await member.subscribeAsync('$share/grp/work', { qos: 1 });
      const counts = [0, 0];
      const all = new Promise<void>((resolve) => {
        members.forEach((member, i) => {
          member.on('message', () => {
            counts[i]!++;
            if (counts[0]! + counts[1]! === 4) resolve();
          });
        });
      });
      for (let i = 0; i < 4; i++) tcp.broker.publish({ topic: 'work', payload: String(i), qos: 1, retain: false });
      await all;
      assert.deepEqual(counts, [2, 2]);
    });
  }
});
