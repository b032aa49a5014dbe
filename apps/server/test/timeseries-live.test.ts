// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import type { LiveClientFrame, LiveServerFrame, Role } from '@meridian/contracts';
import type { InjectOptions } from 'fastify';
import WebSocket from 'ws';
import { hashPassword } from '../src/auth/password.js';
import { UsersStore } from '../src/auth/users.store.js';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

/** A console socket that records the frames it receives. */
class ConsoleSocket {
  readonly frames: LiveServerFrame[] = [];
  private readonly socket: WebSocket;

  constructor(port: number, cookie: string) {
    this.socket = new WebSocket(`ws://127.0.0.1:${port}/api/live`, { headers: { cookie } });
    this.socket.on('message', (data) => this.frames.push(JSON.parse(String(data)) as LiveServerFrame));
  }

  opened(): Promise<unknown> {
    return once(this.socket, 'open');
  }

  /** Sends a frame and resolves with the first frame after it matching `answer` (frames are in order). */
  async request(frame: LiveClientFrame, answer: (frame: LiveServerFrame) => boolean): Promise<LiveServerFrame> {
    const seen = this.frames.length;
    this.socket.send(JSON.stringify(frame));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5000);
      const check = () => {
        const found = this.frames.slice(seen).find(answer);
        if (!found) return;
        clearTimeout(timer);
        this.socket.off('message', check);
        resolve(found);
      };
      this.socket.on('message', check);
    });
  }

  rows() {
    return this.frames.flatMap((f) => (f.type === 'timeseries-row' ? [f] : []));
  }

  close(): void {
    this.socket.close();
  }
}

describe('time series for the console charts', () => {
  let sut: TestPlatform;
  let cookie: string;
  const inject = (options: InjectOptions) =>
    sut.platform.app.inject({ ...options, headers: { cookie, ...options.headers } });

  async function signInAs(role: Role): Promise<string> {
    const username = `${role}-user`;
    new UsersStore(sut.platform.db).create({
      username,
      passwordHash: await hashPassword('long-enough-password'),
      role,
    });
    const response = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: 'long-enough-password' },
    });
    const session = response.cookies.find((c) => c.name === 'meridian_session');
    assert.ok(session, response.body);
    return `${session.name}=${session.value}`;
  }

  const publish = (topic: string, body: object) =>
    sut.platform.broker.publish({ topic, payload: JSON.stringify(body), qos: 0, retain: false });

  before(async () => {
    sut = await startTestPlatform();
    cookie = await sut.login();
    const created = await inject({
      method: 'POST',
      url: '/api/rules',
      payload: {
        ruleName: 'charts_rule',
        topicRulePayload: {
          sql: "SELECT * FROM 'charts/+/telemetry'",
          actions: [{ timeseries: { deviceKey: '${topic(2)}', time: '${ts}' } }],
        },
      },
    });
    assert.equal(created.statusCode, 201, created.body);
  });

  after(async () => {
    await sut.close();
  });

  test('a watching socket gets each stored row of its device keys with the numeric members only', async () => {
    const socket = new ConsoleSocket(sut.ports.http, cookie);
    try {
      await socket.opened();
      const watching = await socket.request({ type: 'watch-timeseries', deviceKeys: ['lamp-1'] }, (f) =>
        f.type.startsWith('watching-timeseries'),
      );
      assert.deepEqual(watching, { type: 'watching-timeseries', deviceKeys: ['lamp-1'] });

      publish('charts/lamp-2/telemetry', { ts: 1000, temperature: 99 });
      publish('charts/lamp-1/telemetry', { ts: 2000, temperature: 21.5, unit: 'C', env: { humidity: 40 } });
      publish('charts/lamp-1/telemetry', { ts: '3000', unit: 'C' });
      await sut.platform.rules.engine.whenIdle();
      // The answer to a frame sent now comes after every row frame already sent.
      await socket.request(
        { type: 'watch-timeseries', deviceKeys: ['lamp-1'] },
        (f) => f.type === 'watching-timeseries',
      );
      assert.deepEqual(socket.rows(), [
        {
          type: 'timeseries-row',
          deviceKey: 'lamp-1',
          time: 2000,
          values: { ts: 2000, temperature: 21.5, 'env.humidity': 40 },
        },
      ]);

      const stopped = await socket.request({ type: 'unwatch-timeseries', deviceKeys: ['lamp-1'] }, (f) =>
        f.type.startsWith('watching-timeseries'),
      );
      assert.deepEqual(stopped, { type: 'watching-timeseries', deviceKeys: [] });
      publish('charts/lamp-1/telemetry', { ts: 4000, temperature: 22 });
      await sut.platform.rules.engine.whenIdle();
      await socket.request(
        { type: 'watch-timeseries', deviceKeys: ['other'] },
        (f) => f.type === 'watching-timeseries',
      );
      assert.equal(socket.rows().length, 1);
    } finally {
      socket.close();
    }
  });

  test('closing the socket stops its watches', async () => {
    const socket = new ConsoleSocket(sut.ports.http, cookie);
    await socket.opened();
    await socket.request(
      { type: 'watch-timeseries', deviceKeys: ['closing'] },
      (f) => f.type === 'watching-timeseries',
    );
    const feed = sut.platform.rules.timeseriesFeed;
    const before = feed.watchedKeys;
    socket.close();
    await sut.platform.app.inject({ method: 'GET', url: '/api/health' });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('watch still registered after 5 s')), 5000);
      const poll = () => {
        if (feed.watchedKeys === before - 1) {
          clearTimeout(timer);
          resolve();
        } else setImmediate(poll);
      };
      poll();
    });
  });

  test('an end user cannot watch time series; bad frames and more than 64 keys get an error frame', async () => {
    const endUser = new ConsoleSocket(sut.ports.http, await signInAs('end-user'));
    try {
      await endUser.opened();
      const refused = await endUser.request(
        { type: 'watch-timeseries', deviceKeys: ['lamp-1'] },
        (f) => f.type === 'error',
      );
      assert.deepEqual(refused, {
        type: 'error',
        code: 'AUTH_ERR_FORBIDDEN',
        message: 'Your role cannot read time series',
      });
    } finally {
      endUser.close();
    }
    const admin = new ConsoleSocket(sut.ports.http, cookie);
    try {
      await admin.opened();
      const invalid = await admin.request(
        { type: 'watch-timeseries', deviceKeys: [] } as unknown as LiveClientFrame,
        (f) => f.type === 'error',
      );
      assert.equal(invalid.type === 'error' && invalid.code, 'LIVE_ERR_INVALID_FRAME');
      for (let frame = 0; frame < 4; frame++) {
        const deviceKeys = Array.from({ length: 16 }, (_, i) => `many-${frame * 16 + i}`);
        await admin.request({ type: 'watch-timeseries', deviceKeys }, (f) => f.type === 'watching-timeseries');
      }
      const tooMany = await admin.request(
        { type: 'watch-timeseries', deviceKeys: ['one-more'] },
        (f) => f.type === 'error' || f.type === 'watching-timeseries',
      );
      assert.equal(tooMany.type === 'error' && tooMany.code, 'LIVE_ERR_TOO_MANY_SERIES');
    } finally {
      admin.close();
    }
  });

  test('/api/timeseries/fields lists the numeric fields of one device key with their first and last minute', async () => {
    const minute = 60_000;
    const start = Date.UTC(2026, 3, 1, 10, 0, 30);
    publish('charts/fields-dev/telemetry', { ts: start, temperature: 20, label: 'x' });
    publish('charts/fields-dev/telemetry', { ts: start + 5 * minute, temperature: 21, env: { humidity: 50 } });
    publish('charts/another-dev/telemetry', { ts: start, pressure: 1000 });
    await sut.platform.rules.engine.whenIdle();

    const response = await inject({ method: 'GET', url: '/api/timeseries/fields?deviceKey=fields-dev' });
    assert.equal(response.statusCode, 200, response.body);
    const minuteOf = (time: number) => Math.floor(time / minute) * minute;
    assert.deepEqual(response.json(), {
      deviceKey: 'fields-dev',
      fields: [
        { name: 'env.humidity', firstTime: minuteOf(start + 5 * minute), lastTime: minuteOf(start + 5 * minute) },
        { name: 'temperature', firstTime: minuteOf(start), lastTime: minuteOf(start + 5 * minute) },
        { name: 'ts', firstTime: minuteOf(start), lastTime: minuteOf(start + 5 * minute) },
      ],
    });

    const unknown = await inject({ method: 'GET', url: '/api/timeseries/fields?deviceKey=nobody' });
    assert.deepEqual(unknown.json(), { deviceKey: 'nobody', fields: [] });
    const missing = await inject({ method: 'GET', url: '/api/timeseries/fields' });
    assert.equal(missing.statusCode, 400);
  });

  test('/api/timeseries lists the device keys with stored rows, for viewers too', async () => {
    publish('charts/listed-dev/telemetry', { ts: 5000, level: 3 });
    await sut.platform.rules.engine.whenIdle();
    const viewer = await signInAs('viewer');
    const response = await sut.platform.app.inject({
      method: 'GET',
      url: '/api/timeseries',
      headers: { cookie: viewer },
    });
    assert.equal(response.statusCode, 200, response.body);
    const devices: Array<{ deviceKey: string; lastTime: number; fields: string[] }> = response.json().devices;
    assert.deepEqual(
      devices.find((d) => d.deviceKey === 'listed-dev'),
      { deviceKey: 'listed-dev', lastTime: 5000, fields: ['ts', 'level'] },
    );
  });
});
