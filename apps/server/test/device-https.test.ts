import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, test } from 'node:test';
import type { PublishedMessage } from '@meridian/broker';
import type { DeviceCredentials } from '@meridian/contracts';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

interface Answer {
  status: number;
  errorType: string | undefined;
  body: Record<string, unknown>;
}

/**
 * The device HTTPS endpoint on the WSS port: shadow REST calls and Publish authenticated by the
 * device's client certificate and decided by its IoT policies.
 */
describe('device HTTPS endpoint (client certificate, IoT policies)', { timeout: 30_000 }, () => {
  let sut: TestPlatform;
  let lamp: DeviceCredentials;
  let other: DeviceCredentials;

  before(async () => {
    sut = await startTestPlatform();
    const arn = `arn:aws:iot:${sut.platform.account.region}:${sut.platform.account.accountId}:`;
    // The thing and topics are named by the certificate's common name: policy variables work over HTTPS.
    await sut.platform.policies.createPolicy({
      policyName: 'own-shadow-over-https',
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['iot:GetThingShadow', 'iot:UpdateThingShadow'],
            Resource: `${arn}thing/\${iot:Certificate.Subject.CommonName}`,
          },
          { Effect: 'Allow', Action: 'iot:ListNamedShadowsForThing', Resource: '*' },
          {
            Effect: 'Allow',
            Action: 'iot:Publish',
            Resource: `${arn}topic/lamps/\${iot:Certificate.Subject.CommonName}/*`,
          },
        ],
      }),
    });
    const cookie = await sut.login();
    const issue = async (deviceName: string): Promise<DeviceCredentials> => {
      const response = await sut.platform.app.inject({
        method: 'POST',
        url: '/api/certificates',
        headers: { cookie },
        payload: { deviceName, policyName: 'own-shadow-over-https' },
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    };
    lamp = await issue('lamp-1');
    other = await issue('lamp-2');
  });
  after(() => sut.close());

  function call(credentials: DeviceCredentials, method: string, path: string, payload?: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          host: '127.0.0.1',
          port: sut.ports.wss,
          method,
          path,
          servername: 'localhost',
          key: credentials.privateKeyPem,
          cert: credentials.certificatePem,
          ca: credentials.caCertificatePem,
          agent: false,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: incoming.statusCode ?? 0,
              errorType: incoming.headers['x-amzn-errortype'] as string | undefined,
              body: text.length === 0 ? {} : (JSON.parse(text) as Record<string, unknown>),
            });
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  test('UpdateThingShadow and GetThingShadow on its own thing are allowed by the policy', async () => {
    const update = JSON.stringify({ state: { reported: { on: true } }, clientToken: 'h-1' });
    const updated = await call(lamp, 'POST', '/things/lamp-1/shadow', update);
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.deepEqual(updated.body.state, { reported: { on: true } });
    assert.equal(updated.body.clientToken, 'h-1');

    const read = await call(lamp, 'GET', '/things/lamp-1/shadow');
    assert.equal(read.status, 200);
    assert.deepEqual(read.body.state, { reported: { on: true } });
    const stored = await sut.platform.shadows.getShadow({ thingName: 'lamp-1', principal: { role: 'admin' } });
    assert.equal(stored.version, read.body.version);
  });

  test("another thing's shadow is refused with 403 and the shadow error document", async () => {
    const answer = await call(
      lamp,
      'POST',
      '/things/lamp-2/shadow',
      JSON.stringify({ state: { desired: { on: false } } }),
    );
    assert.equal(answer.status, 403);
    assert.equal(answer.errorType, 'ForbiddenException');
    assert.equal(answer.body.code, 403);
    await assert.rejects(sut.platform.shadows.getShadow({ thingName: 'lamp-2', principal: { role: 'admin' } }), {
      name: 'ResourceNotFoundException',
    });
    // The same request by lamp-2's own certificate is allowed.
    const own = await call(
      other,
      'POST',
      '/things/lamp-2/shadow',
      JSON.stringify({ state: { desired: { on: false } } }),
    );
    assert.equal(own.status, 200, JSON.stringify(own.body));
  });

  test('an action the policy does not grant (DeleteThingShadow) is refused and deletes nothing', async () => {
    await call(lamp, 'POST', '/things/lamp-1/shadow', JSON.stringify({ state: { reported: { level: 3 } } }));
    const answer = await call(lamp, 'DELETE', '/things/lamp-1/shadow');
    assert.equal(answer.status, 403);
    assert.equal(answer.errorType, 'ForbiddenException');
    await sut.platform.shadows.getShadow({ thingName: 'lamp-1', principal: { role: 'admin' } });
  });

  test('a named shadow is the resource thing/{thing}/{shadow}, which thing/{thing} does not cover', async () => {
    const answer = await call(
      lamp,
      'POST',
      '/things/lamp-1/shadow?name=power',
      JSON.stringify({ state: { reported: { w: 5 } } }),
    );
    assert.equal(answer.status, 403);
    const listed = await call(lamp, 'GET', '/api/things/shadow/ListNamedShadowsForThing/lamp-1');
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    assert.deepEqual(listed.body.results, []);
  });

  test('Publish to a topic the policy allows reaches the broker; other topics and RETAIN without iot:RetainPublish are refused', async () => {
    const seen: PublishedMessage[] = [];
    const stop = sut.platform.broker.onPublish((message) => {
      if (message.topic.startsWith('lamps/')) seen.push(message);
    });
    try {
      const allowed = await call(lamp, 'POST', '/topics/lamps/lamp-1/status?qos=1', '{"on":true}');
      assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
      // The AWS SDKs send the topic as one percent-encoded label.
      const encoded = await call(lamp, 'POST', '/topics/lamps%2Flamp-1%2Fevents', '{"pressed":1}');
      assert.equal(encoded.status, 200, JSON.stringify(encoded.body));
      const denied = await call(lamp, 'POST', '/topics/lamps/lamp-2/status', '{"on":true}');
      assert.equal(denied.status, 403);
      assert.equal(denied.errorType, 'ForbiddenException');
      const retained = await call(lamp, 'POST', '/topics/lamps/lamp-1/status?retain=true', '{"on":true}');
      assert.equal(retained.status, 403);
      assert.deepEqual(
        seen.map((message) => [message.topic, message.payload.toString(), message.qos]),
        [
          ['lamps/lamp-1/status', '{"on":true}', 1],
          ['lamps/lamp-1/events', '{"pressed":1}', 0],
        ],
      );
    } finally {
      stop();
    }
  });

  test('bad input gets a 400 with the reason', async () => {
    const answer = await call(lamp, 'POST', '/things/lamp-1/shadow', '{"state": ');
    assert.equal(answer.status, 400);
    assert.equal(answer.body.code, 400);
    const qos = await call(lamp, 'POST', '/topics/lamps/lamp-1/status?qos=2', '{}');
    assert.equal(qos.status, 400);
    assert.equal(qos.errorType, 'InvalidRequestException');
    const tooLarge = await call(lamp, 'POST', '/topics/lamps/lamp-1/status', 'x'.repeat(200 * 1024));
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.errorType, 'RequestEntityTooLargeException');
    const unknown = await call(lamp, 'GET', '/nothing/here');
    assert.equal(unknown.status, 400);
  });

  test('an INACTIVE certificate is refused with 401 UnauthorizedException', async () => {
    const spare = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/certificates',
      headers: { cookie: await sut.login() },
      payload: { deviceName: 'lamp-3', policyName: 'own-shadow-over-https' },
    });
    const credentials: DeviceCredentials = spare.json();
    assert.equal((await call(credentials, 'GET', '/things/lamp-3/shadow')).status, 404);
    sut.platform.certificates.updateCertificate(credentials.certificateId, 'INACTIVE');
    const answer = await call(credentials, 'GET', '/things/lamp-3/shadow');
    assert.equal(answer.status, 401);
    assert.equal(answer.errorType, 'UnauthorizedException');
  });

  test('the default device policy allows the shadow calls, as its topics allow them over MQTT', async () => {
    const response = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/certificates',
      headers: { cookie: await sut.login() },
      payload: { deviceName: 'fan-1' },
    });
    assert.equal(response.statusCode, 201, response.body);
    const fan: DeviceCredentials = response.json();
    const update = JSON.stringify({ state: { reported: { speed: 2 } } });
    assert.equal((await call(fan, 'POST', '/things/fan-1/shadow?name=motor', update)).status, 200);
    assert.equal((await call(fan, 'DELETE', '/things/fan-1/shadow?name=motor')).status, 200);
  });

  test('the WebSocket path still answers MQTT clients only', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      request(
        {
          host: '127.0.0.1',
          port: sut.ports.wss,
          path: '/mqtt',
          servername: 'localhost',
          key: lamp.privateKeyPem,
          cert: lamp.certificatePem,
          ca: lamp.caCertificatePem,
          agent: false,
        },
        (incoming) => {
          incoming.resume();
          resolve(incoming.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end();
    });
    assert.equal(answer, 426);
  });
});
