import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClientInfo } from '@meridian/broker';
import { ClientPrincipals } from './client-principals.js';
import { mqttProperties } from './rule-message.js';

function fakeBroker(certificates: Map<string, string>) {
  let lookups = 0;
  return {
    get lookups() {
      return lookups;
    },
    client(clientId: string): ClientInfo | undefined {
      lookups++;
      const certificateId = certificates.get(clientId);
      return certificateId === undefined ? undefined : ({ clientId, certificateId } as ClientInfo);
    },
  };
}

const presence = (kind: 'connected' | 'disconnected', clientId: string) => ({
  topic: `$aws/events/presence/${kind}/${clientId}`,
  payload: Buffer.from('{}'),
  qos: 1 as const,
  retain: false,
  receivedAt: new Date(),
});

describe(ClientPrincipals.name, () => {
  test('caches a client certificate id until its presence event or the time-to-live', () => {
    const certificates = new Map([['dev', 'cert-a']]);
    const broker = fakeBroker(certificates);
    let now = 0;
    const sut = new ClientPrincipals(broker, 1000, () => now);
    assert.equal(sut.principalOf('dev'), 'cert-a');
    certificates.set('dev', 'cert-b');
    assert.equal(sut.principalOf('dev'), 'cert-a');
    assert.equal(broker.lookups, 1);
    sut.observe(presence('connected', 'dev'));
    assert.equal(sut.principalOf('dev'), 'cert-b');
    certificates.delete('dev');
    now = 1001;
    assert.equal(sut.principalOf('dev'), undefined);
    assert.equal(broker.lookups, 3);
  });

  test('device messages never invalidate the cache, whatever their topic', () => {
    const broker = fakeBroker(new Map([['dev', 'cert-a']]));
    const sut = new ClientPrincipals(broker);
    sut.principalOf('dev');
    sut.observe({ ...presence('disconnected', 'dev'), clientId: 'dev' });
    sut.principalOf('dev');
    assert.equal(broker.lookups, 1);
  });
});

describe('mqttProperties', () => {
  test('maps mqtt-packet property names to what get_mqtt_property and get_user_properties read', () => {
    assert.deepEqual(
      mqttProperties({
        payloadFormatIndicator: true,
        contentType: 'application/json',
        responseTopic: 'r/t',
        correlationData: Buffer.from('id'),
        messageExpiryInterval: 30,
        userProperties: { a: '1', b: ['2', '3'] },
      }),
      {
        payloadFormatIndicator: 1,
        contentType: 'application/json',
        responseTopic: 'r/t',
        correlationData: Buffer.from('id'),
        messageExpiryInterval: 30,
        userProperties: [
          ['a', '1'],
          ['b', '2'],
          ['b', '3'],
        ],
      },
    );
    assert.equal(mqttProperties(undefined), undefined);
  });
});
