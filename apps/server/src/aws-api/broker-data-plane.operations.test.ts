import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  ForbiddenException,
  GetRetainedMessageCommand,
  InvalidRequestException,
  type IoTDataPlaneClient,
  ListRetainedMessagesCommand,
  PublishCommand,
  RequestEntityTooLargeException,
  ResourceNotFoundException,
} from '@aws-sdk/client-iot-data-plane';
import { Broker, type PublishedMessage } from '@meridian/broker';
import { connectRaw } from '@meridian/broker/testing';
import { SqliteRetainedStore } from '../broker-stores/sqlite-retained-store.js';
import { brokerDataPlaneOperations } from './broker-data-plane.operations.js';
import { rejectsAs, startTestAwsApi, type TestAwsApi } from './test-aws-api.js';

const MAX_PAYLOAD = 1024;
const base64Json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe(brokerDataPlaneOperations.name, () => {
  let api: TestAwsApi;
  let data: IoTDataPlaneClient;
  let broker: Broker;
  const tapped: PublishedMessage[] = [];
  const ingested: Array<{ ruleName: string; topic: string; payload: string }> = [];

  before(async () => {
    api = await startTestAwsApi((db) => {
      broker = new Broker(
        // No lifecycle events: the tap should see only what the API published.
        { retainedStore: new SqliteRetainedStore(db), maxPayloadBytes: MAX_PAYLOAD, lifecycleEvents: false },
        {
          onBasicIngest: (ruleName, message) => {
            ingested.push({ ruleName, topic: message.topic, payload: message.payload.toString() });
          },
        },
      );
      broker.onPublish((message) => tapped.push(message));
      return brokerDataPlaneOperations(broker);
    });
    data = api.data();
  });
  after(async () => {
    await broker.close();
    await api.close();
  });
  beforeEach(() => {
    tapped.length = 0;
    ingested.length = 0;
  });

  describe('Publish', () => {
    test('delivers payload, QoS and every MQTT 5 extra to an MQTT 5 subscriber', async () => {
      const subscriber = await connectRaw(broker, 5);
      await subscriber.subscribe('devices/lamp 1/state', 1);
      const output = await data.send(
        new PublishCommand({
          topic: 'devices/lamp 1/state',
          qos: 1,
          payload: Buffer.from([0, 1, 255]),
          contentType: 'application/octet-stream',
          responseTopic: 'devices/lamp 1/replies',
          messageExpiry: 30,
          payloadFormatIndicator: 'UNSPECIFIED_BYTES',
          correlationData: Buffer.from('request-7').toString('base64'),
          userProperties: JSON.stringify([{ source: 'http' }, { tag: 'a' }, { tag: 'b' }]),
        }),
      );
      assert.equal(output.$metadata.httpStatusCode, 200);
      const packet = await subscriber.expect('publish');
      assert.equal(packet.topic, 'devices/lamp 1/state');
      assert.deepEqual([...packet.payload], [0, 1, 255]);
      assert.equal(packet.qos, 1);
      assert.equal(packet.retain, false);
      const properties = packet.properties ?? {};
      assert.equal(properties.contentType, 'application/octet-stream');
      assert.equal(properties.responseTopic, 'devices/lamp 1/replies');
      assert.equal(properties.payloadFormatIndicator, false);
      assert.ok((properties.messageExpiryInterval ?? 0) > 0 && (properties.messageExpiryInterval ?? 0) <= 30);
      assert.equal(properties.correlationData?.toString(), 'request-7');
      assert.deepEqual({ ...properties.userProperties }, { source: 'http', tag: ['a', 'b'] });
      assert.equal(tapped[0]?.clientId, undefined, 'published by the platform, not by a client');
      subscriber.end();
    });

    test('a message expiry of 0 is raised to the 1 s minimum; UTF8_DATA sets the payload format indicator', async () => {
      await data.send(
        new PublishCommand({
          topic: 'short/lived',
          payload: Buffer.from('text'),
          messageExpiry: 0,
          payloadFormatIndicator: 'UTF8_DATA',
        }),
      );
      assert.deepEqual(tapped[0]?.properties, { payloadFormatIndicator: true, messageExpiryInterval: 1 });
    });

    test('a topic with raw slashes in the path is accepted as well as the percent-encoded one', async () => {
      const response = await api.send({ method: 'POST', path: '/topics/raw/slash/topic?qos=0', body: 'hi' });
      assert.equal(response.status, 200);
      assert.deepEqual(
        tapped.map((message) => [message.topic, message.payload.toString(), message.qos]),
        [['raw/slash/topic', 'hi', 0]],
      );
    });

    test('shadow requests and Basic Ingest topics may be published to; Basic Ingest reaches only the rule hook', async () => {
      await data.send(new PublishCommand({ topic: '$aws/things/lamp/shadow/update', payload: Buffer.from('{}') }));
      assert.deepEqual(
        tapped.map((message) => message.topic),
        ['$aws/things/lamp/shadow/update'],
      );
      await data.send(new PublishCommand({ topic: '$aws/rules/store_all/sensors/1', payload: Buffer.from('21.5') }));
      assert.deepEqual(ingested, [{ ruleName: 'store_all', topic: 'sensors/1', payload: '21.5' }]);
      assert.equal(tapped.length, 1);
    });

    test('refusals: invalid and reserved topics, retained $ topics, QoS 2, a payload above the limit', async () => {
      await rejectsAs(
        data.send(new PublishCommand({ topic: 'a/+/b', payload: Buffer.from('x') })),
        InvalidRequestException,
        400,
        /Invalid topic name "a\/\+\/b"/,
      );
      await rejectsAs(
        data.send(new PublishCommand({ topic: 'a/b/c/d/e/f/g/h/i', payload: Buffer.from('x') })),
        InvalidRequestException,
        400,
        /levels/,
      );
      for (const topic of ['$aws/events/presence/connected/dev-1', '$aws/things/lamp/shadow/update/accepted']) {
        await rejectsAs(
          data.send(new PublishCommand({ topic, payload: Buffer.from('{}') })),
          ForbiddenException,
          403,
          /is reserved/,
        );
      }
      await rejectsAs(
        data.send(
          new PublishCommand({ topic: '$aws/things/lamp/shadow/update', retain: true, payload: Buffer.from('{}') }),
        ),
        InvalidRequestException,
        400,
        /cannot hold a retained message/,
      );
      await rejectsAs(
        data.send(new PublishCommand({ topic: 'a', qos: 2, payload: Buffer.from('x') })),
        InvalidRequestException,
        400,
        /qos must be <= 1/,
      );
      await rejectsAs(
        data.send(new PublishCommand({ topic: 'a', responseTopic: 'replies/#', payload: Buffer.from('x') })),
        InvalidRequestException,
        400,
        /responseTopic/,
      );
      await rejectsAs(
        data.send(new PublishCommand({ topic: 'big', payload: Buffer.alloc(MAX_PAYLOAD + 1) })),
        RequestEntityTooLargeException,
        413,
        /1025 bytes exceeds the maximum of 1024 bytes/,
      );
      assert.deepEqual(tapped, []);
    });

    test('malformed MQTT 5 headers are refused with InvalidRequestException naming the header', async () => {
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ 'x-amz-mqtt5-user-properties': 'not base64!' }, /x-amz-mqtt5-user-properties must be base64/],
        [{ 'x-amz-mqtt5-user-properties': base64Json({ k: 'v' }) }, /JSON array of objects with string values/],
        [{ 'x-amz-mqtt5-user-properties': base64Json([{ k: 1 }]) }, /JSON array of objects with string values/],
        [{ 'x-amz-mqtt5-correlation-data': '***' }, /x-amz-mqtt5-correlation-data must be base64/],
        [{ 'x-amz-mqtt5-payload-format-indicator': 'TEXT' }, /UNSPECIFIED_BYTES, UTF8_DATA/],
      ];
      for (const [headers, message] of cases) {
        const response = await api.send({ method: 'POST', path: '/topics/a', headers, body: 'x' });
        assert.equal(response.status, 400, JSON.stringify(headers));
        assert.equal(response.headers['x-amzn-errortype'], 'InvalidRequestException');
        assert.match(JSON.parse(response.body.toString()).message, message);
      }
      assert.deepEqual(tapped, []);
    });
  });

  describe('retained messages', () => {
    test('a retained Publish is stored durably and read back by GetRetainedMessage with its user properties', async () => {
      const before = Date.now();
      await data.send(
        new PublishCommand({
          topic: 'status/lamp-1',
          qos: 1,
          retain: true,
          payload: Buffer.from('{"on":true}'),
          userProperties: JSON.stringify([{ origin: 'console' }]),
        }),
      );
      const retained = await data.send(new GetRetainedMessageCommand({ topic: 'status/lamp-1' }));
      assert.equal(retained.topic, 'status/lamp-1');
      assert.equal(Buffer.from(retained.payload ?? []).toString(), '{"on":true}');
      assert.equal(retained.qos, 1);
      assert.ok((retained.lastModifiedTime ?? 0) >= before && (retained.lastModifiedTime ?? 0) <= Date.now());
      assert.deepEqual(JSON.parse(Buffer.from(retained.userProperties ?? []).toString()), [{ origin: 'console' }]);

      const late = await connectRaw(broker, 5);
      await late.subscribe('status/lamp-1', 0);
      const delivered = await late.expect('publish');
      assert.deepEqual([delivered.retain, delivered.payload.toString()], [true, '{"on":true}']);
      late.end();
    });

    test('ListRetainedMessages pages in topic order; an empty retained Publish deletes the message', async () => {
      for (const topic of ['list/c', 'list/a', 'list/b']) {
        await data.send(new PublishCommand({ topic, retain: true, payload: Buffer.from(`payload of ${topic}`) }));
      }
      const seen: Array<{ topic?: string; payloadSize?: number; qos?: number }> = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await data.send(new ListRetainedMessagesCommand({ maxResults: 2, nextToken }));
        pages += 1;
        for (const summary of page.retainedTopics ?? []) {
          assert.equal(typeof summary.lastModifiedTime, 'number');
          seen.push({ topic: summary.topic, payloadSize: summary.payloadSize, qos: summary.qos });
        }
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      const listed = seen.filter((summary) => summary.topic?.startsWith('list/'));
      assert.deepEqual(listed, [
        { topic: 'list/a', payloadSize: 'payload of list/a'.length, qos: 0 },
        { topic: 'list/b', payloadSize: 'payload of list/b'.length, qos: 0 },
        { topic: 'list/c', payloadSize: 'payload of list/c'.length, qos: 0 },
      ]);
      assert.equal(pages, Math.ceil(seen.length / 2));

      await data.send(new PublishCommand({ topic: 'list/b', retain: true, payload: new Uint8Array() }));
      await rejectsAs(
        data.send(new GetRetainedMessageCommand({ topic: 'list/b' })),
        ResourceNotFoundException,
        404,
        /No retained message exists on topic list\/b/,
      );
      const after = await data.send(new ListRetainedMessagesCommand({}));
      assert.ok(!after.retainedTopics?.some((summary) => summary.topic === 'list/b'));
    });

    test('a retained message past its MQTT 5 expiry is neither read nor listed', async () => {
      await broker.retained.put({
        topic: 'expired/one',
        payload: Buffer.from('old'),
        qos: 0,
        properties: { messageExpiryInterval: 10 },
        receivedAt: new Date(Date.now() - 11_000),
      });
      await rejectsAs(
        data.send(new GetRetainedMessageCommand({ topic: 'expired/one' })),
        ResourceNotFoundException,
        404,
      );
      const listed = await data.send(new ListRetainedMessagesCommand({ maxResults: 200 }));
      assert.ok(!listed.retainedTopics?.some((summary) => summary.topic === 'expired/one'));
    });

    test('refusals: paging parameters out of range or not from this API', async () => {
      await rejectsAs(
        data.send(new ListRetainedMessagesCommand({ maxResults: 201 })),
        InvalidRequestException,
        400,
        /maxResults must be <= 200/,
      );
      await rejectsAs(
        data.send(new ListRetainedMessagesCommand({ nextToken: '!!' })),
        InvalidRequestException,
        400,
        /nextToken/,
      );
      await rejectsAs(
        data.send(new GetRetainedMessageCommand({ topic: 'never/retained' })),
        ResourceNotFoundException,
        404,
      );
    });
  });
});
