import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig, SETTINGS } from './config.js';

describe('loadConfig', () => {
  test('every setting has a default that loads with an empty environment', () => {
    const config = loadConfig({}, '/srv/iot');
    assert.equal(config.dataDir, '/srv/iot/data');
    assert.equal(config.httpPort, 3000);
    assert.equal(config.mqttsPort, 8883);
    assert.equal(config.wssPort, 8443);
    assert.equal(config.awsApiPort, 9443);
    assert.equal(config.mqttTcpPort, null);
    assert.equal(config.httpTls, false);
    assert.deepEqual(config.publicHostNames, []);
  });

  test('reads values from the environment', () => {
    const config = loadConfig({
      HTTP_PORT: '8080',
      MQTT_TCP_PORT: '1883',
      PUBLIC_HOST_NAMES: 'iot.example.com, 10.0.0.5',
      HTTP_TLS: 'yes',
      DATA_DIR: '/var/lib/iot',
    });
    assert.equal(config.httpPort, 8080);
    assert.equal(config.mqttTcpPort, 1883);
    assert.deepEqual(config.publicHostNames, ['iot.example.com', '10.0.0.5']);
    assert.equal(config.httpTls, true);
    assert.equal(config.dataDir, '/var/lib/iot');
  });

  test('a bad value stops loading with a message naming every bad setting', () => {
    assert.throws(
      () => loadConfig({ HTTP_PORT: 'eighty', MQTTS_PORT: '70000', LOG_LEVEL: 'loud', ADMIN_PASSWORD: 'short' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 4);
        for (const name of ['HTTP_PORT', 'MQTTS_PORT', 'LOG_LEVEL', 'ADMIN_PASSWORD']) {
          assert.match(error.message, new RegExp(`${name}=`));
        }
        return true;
      },
    );
  });

  test('MQTT_RESUME_RATE_PER_SECOND defaults to AWS 10 msg/s; 0 sends the backlog at once; a fraction is refused', () => {
    assert.equal(loadConfig({}).mqttResumeRatePerSecond, 10);
    assert.equal(loadConfig({ MQTT_RESUME_RATE_PER_SECOND: '0' }).mqttResumeRatePerSecond, 0);
    assert.throws(() => loadConfig({ MQTT_RESUME_RATE_PER_SECOND: '2.5' }), /MQTT_RESUME_RATE_PER_SECOND=/);
  });

  test('ARNs default to the region and account of the AWS documentation examples', () => {
    const config = loadConfig({});
    assert.equal(config.awsRegion, 'us-east-1');
    assert.equal(config.awsAccountId, '123456789012');
  });

  test('AWS_REGION and AWS_ACCOUNT_ID are read and checked', () => {
    const config = loadConfig({ AWS_REGION: 'eu-central-1', AWS_ACCOUNT_ID: '000000000000' });
    assert.equal(config.awsRegion, 'eu-central-1');
    assert.equal(config.awsAccountId, '000000000000');
    assert.throws(
      () => loadConfig({ AWS_REGION: 'EU:west/1', AWS_ACCOUNT_ID: '12345' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(
          error.problems.map((problem) => problem.split('=')[0]),
          ['AWS_REGION', 'AWS_ACCOUNT_ID'],
        );
        return true;
      },
    );
  });

  test('the README documents every setting', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    for (const spec of Object.values(SETTINGS)) assert.ok(readme.includes(`\`${spec.env}\``), `${spec.env} missing`);
  });
});
