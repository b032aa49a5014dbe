/**
 * Interoperability with MQTT clients nobody here wrote: Eclipse Mosquitto's command-line clients
 * (Debian's mosquitto-clients) and Eclipse Paho for Python (Debian's python3-paho-mqtt, run with
 * /usr/bin/python3), next to mqtt.js, all against one real platform over MQTTS with client
 * certificates issued through the API. The foreign clients connect to host `localhost` so the
 * server certificate's DNS SAN matches; they verify it against the platform CA.
 *
 * Debian's mosquitto_sub/mosquitto_pub are built without WebSocket support (their --help has no
 * websockets option), so MQTT over WSS is not exercised here; mqtt.js covers it in
 * device-endpoint.test.ts.
 *
 * Readiness is always read from a client's own output (mosquitto `-d` debug lines such as
 * "received SUBACK", Paho's "subscribed" event), never from a fixed sleep; every child process
 * has a hard time limit and is killed in `after` if a test left it running.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { DeviceCredentials } from '@meridian/contracts';
import { tempDir } from '@meridian/test-utils';
import mqtt, { type MqttClient } from 'mqtt';
import { killAllProcesses, type RunningProcess, run, succeeded } from './interop/child-process.js';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

/** Debian's python, which has python3-paho-mqtt (the python3 on PATH may be another build without it). */
const DEBIAN_PYTHON = '/usr/bin/python3';
const PAHO_CLIENT = fileURLToPath(new URL('./interop/paho_client.py', import.meta.url));
const TLS_HOST = 'localhost';
/** Upper bound per test; every wait inside is bounded too (child time limits, readiness timeouts). */
const LIMIT = { timeout: 15_000 };

type Version = '3.1.1' | '5';
const VERSIONS: Version[] = ['3.1.1', '5'];
const mosquittoVersion = (version: Version) => (version === '5' ? 'mqttv5' : 'mqttv311');
const mqttJsVersion = (version: Version) => (version === '5' ? 5 : 4);

interface PemFiles {
  cafile: string;
  cert: string;
  key: string;
}

/** A message as mosquitto_sub prints it with `-F %j`. */
interface MosquittoMessage {
  topic: string;
  qos: number;
  retain: number | boolean;
  payload: string;
}

/** A line Paho's helper script prints (see interop/paho_client.py). */
interface PahoEvent {
  event: 'connected' | 'subscribed' | 'message' | 'published';
  rc?: number;
  granted?: number[];
  topic?: string;
  payload?: string;
  qos?: number;
  retain?: boolean;
  userProperties?: [string, string][];
  mid?: number;
}

function jsonLines<T>(proc: RunningProcess): T[] {
  return proc.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as T);
}

function connected(client: MqttClient): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
    client.once('close', () => reject(new Error('closed before CONNACK')));
  });
}

/** The next message the client receives; fails after `timeoutMs` with a clear message rather than at the test's limit. */
function nextMessage(
  client: MqttClient,
  timeoutMs = 5000,
): Promise<{ topic: string; payload: string; packet: mqtt.IPublishPacket }> {
  return new Promise((resolve, reject) => {
    const onMessage = (topic: string, payload: Buffer, packet: mqtt.IPublishPacket) => {
      clearTimeout(timer);
      resolve({ topic, payload: String(payload), packet });
    };
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error(`mqtt.js ${client.options.clientId} received no message within ${timeoutMs} ms`));
    }, timeoutMs);
    client.once('message', onMessage);
  });
}

describe('interoperability with foreign MQTT clients over TLS with client certificates', () => {
  let sut: TestPlatform;
  let dir: { path: string; remove: () => Promise<void> };
  let device: DeviceCredentials;
  let pems: PemFiles;
  let foreignPems: PemFiles;
  const clients: MqttClient[] = [];
  let sequence = 0;
  const clientId = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`;

  const tlsArgs = (files: Partial<PemFiles> = pems) => [
    '-h',
    TLS_HOST,
    '-p',
    String(sut.ports.mqtts),
    ...(files.cafile ? ['--cafile', files.cafile] : []),
    ...(files.cert ? ['--cert', files.cert] : []),
    ...(files.key ? ['--key', files.key] : []),
  ];

  /**
   * mosquitto_sub with debug output (for "received SUBACK") and one JSON line per message (`-F %j`: topic, qos,
   * retain, payload); exits after `count` messages. `stdbuf -oL` because the mosquitto clients printf into a
   * pipe, which stdio would otherwise buffer until exit, so readiness could never be seen.
   */
  async function mosquittoSub(options: {
    topics: string[];
    version: Version;
    qos?: number;
    count?: number;
  }): Promise<RunningProcess> {
    const id = clientId('mosquitto-sub');
    const proc = run(
      'stdbuf',
      [
        '-oL',
        'mosquitto_sub',
        ...tlsArgs(),
        '-V',
        mosquittoVersion(options.version),
        '--id',
        id,
        '-q',
        String(options.qos ?? 1),
        ...options.topics.flatMap((topic) => ['-t', topic]),
        '-C',
        String(options.count ?? 1),
        '-W',
        '12',
        '-d',
        '-F',
        '%j',
      ],
      { name: `mosquitto_sub ${id}` },
    );
    await proc.waitForLine(/received SUBACK/);
    return proc;
  }

  /** The messages a finished mosquitto_sub printed. */
  async function mosquittoMessages(proc: RunningProcess): Promise<MosquittoMessage[]> {
    await succeeded(proc);
    return jsonLines<MosquittoMessage>(proc);
  }

  /** mosquitto_pub with debug output, so a QoS 1 publish shows "received PUBACK". */
  function mosquittoPub(options: {
    topic: string;
    message: string;
    version: Version;
    qos?: number;
    retain?: boolean;
    files?: Partial<PemFiles>;
  }): RunningProcess {
    const id = clientId('mosquitto-pub');
    return run(
      'stdbuf',
      [
        '-oL',
        'mosquitto_pub',
        ...tlsArgs(options.files),
        '-V',
        mosquittoVersion(options.version),
        '--id',
        id,
        '-q',
        String(options.qos ?? 1),
        '-t',
        options.topic,
        '-m',
        options.message,
        ...(options.retain ? ['-r'] : []),
        '-d',
      ],
      { name: `mosquitto_pub ${id}`, timeoutMs: 10_000 },
    );
  }

  function paho(mode: 'sub' | 'pub', options: { topic: string; version: Version; message?: string; count?: number }) {
    const id = clientId(`paho-${mode}`);
    return run(
      DEBIAN_PYTHON,
      [
        PAHO_CLIENT,
        mode,
        '--host',
        TLS_HOST,
        '--port',
        String(sut.ports.mqtts),
        '--cafile',
        pems.cafile,
        '--cert',
        pems.cert,
        '--key',
        pems.key,
        '--id',
        id,
        '--version',
        options.version,
        '--topic',
        options.topic,
        '--qos',
        '1',
        '--message',
        options.message ?? '',
        '--count',
        String(options.count ?? 1),
      ],
      { name: `paho ${mode} ${id}` },
    );
  }

  async function pahoSubscriber(options: { topic: string; version: Version; count?: number }) {
    const proc = paho('sub', options);
    await proc.waitForLine((line) => line.includes('"event": "subscribed"'));
    return proc;
  }

  async function mqttJsClient(version: Version): Promise<MqttClient> {
    const client = mqtt.connect(`mqtts://127.0.0.1:${sut.ports.mqtts}`, {
      key: device.privateKeyPem,
      cert: device.certificatePem,
      ca: device.caCertificatePem,
      servername: TLS_HOST,
      clientId: clientId('mqttjs'),
      protocolVersion: mqttJsVersion(version),
      reconnectPeriod: 0,
      connectTimeout: 5000,
    });
    clients.push(client);
    return connected(client);
  }

  before(async () => {
    dir = await tempDir('meridian-interop-');
    sut = await startTestPlatform();
    const cookie = await sut.login();
    const response = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/certificates',
      headers: { cookie },
      payload: { deviceName: 'interop-device' },
    });
    assert.equal(response.statusCode, 201, response.body);
    device = response.json();
    pems = { cafile: join(dir.path, 'ca.pem'), cert: join(dir.path, 'device.pem'), key: join(dir.path, 'device.key') };
    await writeFile(pems.cafile, device.caCertificatePem);
    await writeFile(pems.cert, device.certificatePem);
    await writeFile(pems.key, device.privateKeyPem, { mode: 0o600 });

    // A device certificate from a CA the platform never heard of, made with the openssl CLI.
    const otherCaKey = join(dir.path, 'other-ca.key');
    const otherCa = join(dir.path, 'other-ca.pem');
    const otherCsr = join(dir.path, 'other-device.csr');
    foreignPems = {
      cafile: pems.cafile,
      cert: join(dir.path, 'other-device.pem'),
      key: join(dir.path, 'other-device.key'),
    };
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    await succeeded(
      run('openssl', [
        'req',
        '-x509',
        ...ec,
        '-keyout',
        otherCaKey,
        '-out',
        otherCa,
        '-days',
        '1',
        '-subj',
        '/CN=Someone Else CA',
      ]),
    );
    await succeeded(
      run('openssl', ['req', ...ec, '-keyout', foreignPems.key, '-out', otherCsr, '-subj', '/CN=interop-device']),
    );
    await succeeded(
      run('openssl', [
        'x509',
        '-req',
        '-in',
        otherCsr,
        '-CA',
        otherCa,
        '-CAkey',
        otherCaKey,
        '-set_serial',
        '1',
        '-days',
        '1',
        '-out',
        foreignPems.cert,
      ]),
    );
  }, LIMIT);

  after(async () => {
    await killAllProcesses();
    for (const client of clients) client.end(true);
    await sut?.close();
    await dir?.remove();
  });

  for (const version of VERSIONS) {
    for (const qos of [0, 1]) {
      test(
        `mosquitto_pub → mosquitto_sub, MQTT ${version}, QoS ${qos}, over TLS with client certificates`,
        LIMIT,
        async () => {
          const topic = `interop/mosquitto/v${version}/qos${qos}`;
          const sub = await mosquittoSub({ topics: [topic], version, qos });
          const pub = mosquittoPub({ topic, message: `hello qos ${qos}`, version, qos });
          await succeeded(pub);
          if (qos === 1) assert.match(pub.output(), /received PUBACK/);
          const [message, ...rest] = await mosquittoMessages(sub);
          assert.deepEqual(rest, []);
          assert.equal(message?.topic, topic);
          assert.equal(message?.payload, `hello qos ${qos}`);
          assert.equal(message?.qos, qos);
          assert.equal(Number(message?.retain), 0);
        },
      );
    }

    test(
      `mosquitto_pub -r retained message → a later mosquitto_sub, MQTT ${version}, over TLS with client certificates`,
      LIMIT,
      async () => {
        const topic = `interop/retained/v${version}`;
        await succeeded(mosquittoPub({ topic, message: 'last known state', version, retain: true }));
        const sub = await mosquittoSub({ topics: [topic], version });
        const [message] = await mosquittoMessages(sub);
        assert.equal(message?.topic, topic);
        assert.equal(message?.payload, 'last known state');
        assert.equal(Number(message?.retain), 1, 'a retained message delivered on subscribe carries the retain flag');
      },
    );

    test(
      `mosquitto_sub with wildcard filters (+ and #), MQTT ${version}, over TLS with client certificates`,
      LIMIT,
      async () => {
        const base = `interop/wildcard/v${version}`;
        const sub = await mosquittoSub({ topics: [`${base}/+/temp`, `${base}/alarms/#`], version, count: 2 });
        for (const [topic, message] of [
          [`${base}/boiler-1/temp`, '81'],
          [`${base}/boiler-1/pressure`, 'not for this subscriber'],
          [`${base}/alarms/zone-1/fire`, 'drill'],
        ] as const) {
          await succeeded(mosquittoPub({ topic, message, version }));
        }
        const messages = await mosquittoMessages(sub);
        assert.deepEqual(
          messages.map((m) => [m.topic, m.payload]),
          [
            [`${base}/boiler-1/temp`, '81'],
            [`${base}/alarms/zone-1/fire`, 'drill'],
          ],
        );
      },
    );

    test(
      `mqtt.js publisher → mosquitto_sub, MQTT ${version}, QoS 1, over TLS with client certificates`,
      LIMIT,
      async () => {
        const topic = `interop/mqttjs-to-mosquitto/v${version}`;
        const sub = await mosquittoSub({ topics: [topic], version });
        const publisher = await mqttJsClient(version);
        await publisher.publishAsync(topic, JSON.stringify({ t: 21.5 }), { qos: 1 });
        const [message] = await mosquittoMessages(sub);
        assert.equal(message?.topic, topic);
        assert.deepEqual(JSON.parse(message?.payload ?? ''), { t: 21.5 });
        assert.equal(message?.qos, 1);
        publisher.end();
      },
    );

    test(
      `mosquitto_pub → mqtt.js subscriber, MQTT ${version}, QoS 1, over TLS with client certificates`,
      LIMIT,
      async () => {
        const topic = `interop/mosquitto-to-mqttjs/v${version}`;
        const subscriber = await mqttJsClient(version);
        await subscriber.subscribeAsync(topic, { qos: 1 });
        const received = nextMessage(subscriber);
        const pub = mosquittoPub({ topic, message: 'from mosquitto', version });
        await succeeded(pub);
        assert.match(pub.output(), /received PUBACK/);
        const message = await received;
        assert.equal(message.topic, topic);
        assert.equal(message.payload, 'from mosquitto');
        assert.equal(message.packet.qos, 1);
        subscriber.end();
      },
    );

    test(
      `mqtt.js and mosquitto_pub → paho subscriber, MQTT ${version}, QoS 1, over TLS with client certificates`,
      LIMIT,
      async () => {
        const topic = `interop/to-paho/v${version}`;
        const sub = await pahoSubscriber({ topic, version, count: 2 });
        const publisher = await mqttJsClient(version);
        await publisher.publishAsync(topic, 'from mqtt.js', { qos: 1 });
        await sub.waitForLine((line) => line.includes('from mqtt.js'));
        await succeeded(mosquittoPub({ topic, message: 'from mosquitto_pub', version }));
        await succeeded(sub);
        const messages = jsonLines<PahoEvent>(sub).filter((e) => e.event === 'message');
        assert.deepEqual(
          messages.map((m) => [m.topic, m.payload, m.qos, m.retain]),
          [
            [topic, 'from mqtt.js', 1, false],
            [topic, 'from mosquitto_pub', 1, false],
          ],
        );
        publisher.end();
      },
    );

    test(
      `paho publishes QoS 1 and gets PUBACK → mqtt.js subscriber, MQTT ${version}, over TLS with client certificates`,
      LIMIT,
      async () => {
        const topic = `interop/from-paho/v${version}`;
        const subscriber = await mqttJsClient(version);
        await subscriber.subscribeAsync(topic, { qos: 1 });
        const received = nextMessage(subscriber);
        const pub = paho('pub', { topic, version, message: 'from paho' });
        await succeeded(pub);
        const events = jsonLines<PahoEvent>(pub);
        assert.deepEqual(events[0], { event: 'connected', rc: 0 });
        assert.ok(
          events.some((e) => e.event === 'published'),
          `paho saw no PUBACK (on_publish)\n${pub.output()}`,
        );
        const message = await received;
        assert.equal(message.topic, topic);
        assert.equal(message.payload, 'from paho');
        assert.equal(message.packet.qos, 1);
        subscriber.end();
      },
    );
  }

  test(
    'a paho MQTT 5 subscriber sees the user properties an mqtt.js MQTT 5 publisher sent, over TLS with client certificates',
    LIMIT,
    async () => {
      const topic = 'interop/user-properties';
      const sub = await pahoSubscriber({ topic, version: '5' });
      const publisher = await mqttJsClient('5');
      await publisher.publishAsync(topic, 'with properties', {
        qos: 1,
        properties: { userProperties: { trace: 'abc-123', tags: ['x', 'y'] } },
      });
      await succeeded(sub);
      const [message] = jsonLines<PahoEvent>(sub).filter((e) => e.event === 'message');
      assert.equal(message?.payload, 'with properties');
      assert.deepEqual([...(message?.userProperties ?? [])].sort(), [
        ['tags', 'x'],
        ['tags', 'y'],
        ['trace', 'abc-123'],
      ]);
      publisher.end();
    },
  );

  test('mosquitto_pub without --cert/--key is refused over MQTTS (non-zero exit)', LIMIT, async () => {
    const pub = mosquittoPub({
      topic: 'interop/refused/anonymous',
      message: 'x',
      version: '5',
      files: { cafile: pems.cafile },
    });
    const exit = await pub.exited;
    assert.equal(exit.signal, null, `mosquitto_pub should give up by itself, not be killed\n${exit.output}`);
    assert.notEqual(exit.code, 0, exit.output);
    assert.doesNotMatch(exit.output, /received CONNACK|received PUBACK/);
    assert.match(exit.output, /OpenSSL Error|connection was lost/i, 'refused by TLS, not for another reason');
  });

  test(
    'mosquitto_pub with a certificate from an unregistered CA (made with openssl) is refused at CONNECT (non-zero exit)',
    LIMIT,
    async () => {
      const pub = mosquittoPub({ topic: 'interop/refused/foreign', message: 'x', version: '5', files: foreignPems });
      const exit = await pub.exited;
      assert.equal(exit.signal, null, `mosquitto_pub should give up by itself, not be killed\n${exit.output}`);
      assert.notEqual(exit.code, 0, exit.output);
      assert.doesNotMatch(exit.output, /received PUBACK/);
      // The TLS layer accepts any issuer; the certificate is judged at CONNECT: MQTT 5 CONNACK 0x87 not authorized.
      assert.match(exit.output, /received CONNACK \(135\)/, exit.output);
    },
  );
});
