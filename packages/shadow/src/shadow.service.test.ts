import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '@meridian/contracts';
import { MemoryShadowStore } from './memory-shadow.store.js';
import { type ShadowAction, ShadowService, type ShadowServicePorts } from './shadow.service.js';
import type { ShadowSettings } from './shadow.settings.js';
import type { LoadedShadow, SaveShadow, ShadowKey, ShadowStore } from './shadow.store.js';
import { assertRefusedAsync, body } from './test-helpers.js';

const T1 = 1_700_000_000;
const P = '$aws/things/lamp-1/shadow';
const NAMED = '$aws/things/lamp-1/shadow/name/config';

interface Published {
  topic: string;
  document: Record<string, unknown>;
}

interface Principal {
  user: string;
}

function newTestService(
  settings: Partial<ShadowSettings> = {},
  ports: Partial<ShadowServicePorts<Principal>> = {},
  store: ShadowStore = new MemoryShadowStore(),
) {
  const published: Published[] = [];
  const clock = { now: T1 };
  const sut = new ShadowService<Principal>(
    {
      store,
      publish: (topic, payload) => {
        published.push({ topic, document: JSON.parse(payload.toString()) });
      },
      clock: () => clock.now,
      ...ports,
    },
    settings,
  );
  const on = (topic: string) => published.filter((message) => message.topic === topic).map((m) => m.document);
  const topics = () => published.map((message) => message.topic);
  return { sut, store, published, clock, on, topics };
}

const principal: Principal = { user: 'operator' };

/** Delegates every call to a memory store; subclasses slow some calls down. */
class DelegatingStore implements ShadowStore {
  protected readonly inner = new MemoryShadowStore();

  async load(key: ShadowKey): Promise<LoadedShadow> {
    return this.inner.load(key);
  }
  async save(operation: SaveShadow): Promise<boolean> {
    return this.inner.save(operation);
  }
  delete(key: ShadowKey, expectedVersion: number, deletedAt: number) {
    return this.inner.delete(key, expectedVersion, deletedAt);
  }
  listNamedShadows(thingName: string, page: { after?: string; limit: number }) {
    return this.inner.listNamedShadows(thingName, page);
  }
  listVersions(key: ShadowKey, page: { beforeVersion?: number; limit: number }) {
    return this.inner.listVersions(key, page);
  }
  loadVersion(key: ShadowKey, version: number) {
    return this.inner.loadVersion(key, version);
  }
}

/** A store whose load waits until `release()`. */
class GatedStore extends DelegatingStore {
  release: () => void = () => {};
  private readonly gate = new Promise<void>((resolve) => {
    this.release = resolve;
  });

  override async load(key: ShadowKey): Promise<LoadedShadow> {
    await this.gate;
    return this.inner.load(key);
  }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A store that yields to the event loop inside each load and save and records their order. */
class TracingStore extends DelegatingStore {
  readonly trace: string[] = [];

  override async load(key: ShadowKey): Promise<LoadedShadow> {
    this.trace.push(`load ${key.thingName}`);
    await nextTurn();
    return this.inner.load(key);
  }

  override async save(operation: SaveShadow): Promise<boolean> {
    await nextTurn();
    this.trace.push(`save ${operation.key.thingName}`);
    return this.inner.save(operation);
  }
}

describe(`${ShadowService.name} over MQTT`, () => {
  test('§1.4 an accepted /update publishes /update/accepted, /update/documents and /update/delta', async () => {
    const { sut, topics, on } = newTestService();
    const handled = await sut.handleMqtt(
      `${P}/update`,
      body({ state: { desired: { on: true } }, clientToken: 'u1' }),
      'dev',
    );
    assert.equal(handled, true);
    assert.deepEqual(topics(), [`${P}/update/accepted`, `${P}/update/documents`, `${P}/update/delta`]);
    assert.deepEqual(on(`${P}/update/delta`), [
      { version: 1, timestamp: T1, state: { on: true }, metadata: { on: { timestamp: T1 } }, clientToken: 'u1' },
    ]);
  });

  test('§1.1 named shadows answer on their own topics and are separate from the classic shadow', async () => {
    const { sut, on } = newTestService();
    await sut.handleMqtt(`${NAMED}/update`, body({ state: { reported: { mode: 'eco' } } }), 'dev');
    await sut.handleMqtt(`${P}/update`, body({ state: { reported: { on: true } } }), 'dev');
    await sut.handleMqtt(`${NAMED}/get`, Buffer.alloc(0), 'dev');
    assert.deepEqual(
      on(`${NAMED}/update/accepted`).map((d) => d.version),
      [1],
    );
    assert.deepEqual(
      on(`${P}/update/accepted`).map((d) => d.version),
      [1],
    );
    assert.deepEqual(
      on(`${NAMED}/get/accepted`).map((d) => d.state),
      [{ reported: { mode: 'eco' } }],
    );
  });

  test('§1.2 /get publishes the whole document on /get/accepted with the clientToken', async () => {
    const { sut, on } = newTestService();
    await sut.handleMqtt(`${P}/update`, body({ state: { desired: { on: true }, reported: { on: false } } }), 'dev');
    await sut.handleMqtt(`${P}/get`, body({ clientToken: 'g1' }), 'dev');
    assert.deepEqual(on(`${P}/get/accepted`), [
      {
        state: { desired: { on: true }, reported: { on: false }, delta: { on: true } },
        metadata: { desired: { on: { timestamp: T1 } }, reported: { on: { timestamp: T1 } } },
        version: 1,
        timestamp: T1,
        clientToken: 'g1',
      },
    ]);
  });

  test('§1.10 /get of a shadow that does not exist is rejected with 404 "No shadow exists with name: \'<name>\'"', async () => {
    const { sut, on } = newTestService();
    await sut.handleMqtt(`${P}/get`, body({ clientToken: 'g2' }), 'dev');
    await sut.handleMqtt(`${NAMED}/get`, Buffer.alloc(0), 'dev');
    assert.deepEqual(on(`${P}/get/rejected`), [
      { code: 404, message: "No shadow exists with name: 'lamp-1'", timestamp: T1, clientToken: 'g2' },
    ]);
    assert.deepEqual(on(`${NAMED}/get/rejected`), [
      { code: 404, message: "No shadow exists with name: 'config'", timestamp: T1 },
    ]);
  });

  test('§1.9 /delete removes the shadow: /delete/accepted with its version, then /get and /delete answer 404', async () => {
    const { sut, on, clock } = newTestService();
    await sut.handleMqtt(`${P}/update`, body({ state: { reported: { on: true } } }), 'dev');
    await sut.handleMqtt(`${P}/update`, body({ state: { reported: { on: false } } }), 'dev');
    clock.now = T1 + 5;
    await sut.handleMqtt(`${P}/delete`, body({ clientToken: 'd1' }), 'dev');
    await sut.handleMqtt(`${P}/get`, Buffer.alloc(0), 'dev');
    await sut.handleMqtt(`${P}/delete`, Buffer.alloc(0), 'dev');
    assert.deepEqual(on(`${P}/delete/accepted`), [{ version: 2, timestamp: T1 + 5, clientToken: 'd1' }]);
    assert.deepEqual(
      on(`${P}/get/rejected`).map((d) => d.code),
      [404],
    );
    assert.deepEqual(
      on(`${P}/delete/rejected`).map((d) => d.code),
      [404],
    );
  });

  test('§1.10 an invalid /update is rejected on /update/rejected with code, message and clientToken', async () => {
    const { sut, topics, on } = newTestService();
    await sut.handleMqtt(`${P}/update`, body({ state: { desired: 1 }, clientToken: 'bad' }), 'dev');
    assert.deepEqual(topics(), [`${P}/update/rejected`]);
    assert.deepEqual(on(`${P}/update/rejected`), [
      { code: 400, message: 'Desired node must be an object', timestamp: T1, clientToken: 'bad' },
    ]);
  });

  test('§1.7 an /update with a stale version is rejected with 409 and changes nothing', async () => {
    const { sut, on } = newTestService();
    await sut.handleMqtt(`${P}/update`, body({ state: { desired: { a: 1 } } }), 'dev');
    await sut.handleMqtt(`${P}/update`, body({ state: { desired: { a: 2 } }, version: 0, clientToken: 's' }), 'dev');
    await sut.handleMqtt(`${P}/get`, Buffer.alloc(0), 'dev');
    assert.deepEqual(on(`${P}/update/rejected`), [
      { code: 409, message: 'Version conflict', timestamp: T1, clientToken: 's' },
    ]);
    assert.deepEqual(
      on(`${P}/get/accepted`).map((d) => [d.version, d.state]),
      [[1, { desired: { a: 1 }, delta: { a: 1 } }]],
    );
  });

  test('§1.2 publishes on response topics and on other topics are not handled', async () => {
    const { sut, published } = newTestService();
    for (const topic of [
      `${P}/update/accepted`,
      `${P}/update/delta`,
      `${P}/get/rejected`,
      'devices/lamp-1/update',
      `${P}/x`,
    ]) {
      assert.equal(await sut.handleMqtt(topic, body({ state: { desired: { on: true } } }), 'dev'), false, topic);
    }
    assert.deepEqual(published, []);
  });

  test('§1.1 a thing name outside the name rules is rejected with 400 on the /rejected topic', async () => {
    const long = 'x'.repeat(129);
    const { sut, on } = newTestService();
    await sut.handleMqtt(`$aws/things/${long}/shadow/update`, body({ state: {} }), 'dev');
    await sut.handleMqtt('$aws/things/lamp/shadow/name/a.b/get', Buffer.alloc(0), 'dev');
    assert.deepEqual(
      on(`$aws/things/${long}/shadow/update/rejected`).map((d) => [d.code, d.message]),
      [[400, `Invalid thing name: ${long}`]],
    );
    assert.deepEqual(
      on('$aws/things/lamp/shadow/name/a.b/get/rejected').map((d) => [d.code, d.message]),
      [[400, 'Invalid shadow name: a.b']],
    );
  });

  test('persistence: an accepted update is stored before any response is published', async () => {
    const store = new MemoryShadowStore();
    const storedAtPublish: Array<[string, number | undefined]> = [];
    const { sut } = newTestService(
      {},
      {
        publish: (topic) => {
          storedAtPublish.push([topic.split('/').slice(-1)[0]!, store.load({ thingName: 'lamp-1' }).shadow?.version]);
        },
      },
      store,
    );
    await sut.handleMqtt(`${P}/update`, body({ state: { desired: { on: true } } }), 'dev');
    await sut.handleMqtt(`${P}/update`, body({ state: { desired: { on: false } } }), 'dev');
    assert.deepEqual(storedAtPublish, [
      ['accepted', 1],
      ['documents', 1],
      ['delta', 1],
      ['accepted', 2],
      ['documents', 2],
      ['delta', 2],
    ]);
  });

  test('§1.10 500 a failing store is answered with "Internal service failure" and nothing is accepted', async () => {
    const store = new MemoryShadowStore();
    store.save = () => {
      throw new Error('disk full');
    };
    const errors: object[] = [];
    const { sut, topics, on } = newTestService({}, { logger: { error: (obj) => errors.push(obj) } }, store);
    await sut.handleMqtt(`${P}/update`, body({ state: { desired: { on: true } }, clientToken: 'i' }), 'dev');
    assert.deepEqual(topics(), [`${P}/update/rejected`]);
    assert.deepEqual(on(`${P}/update/rejected`), [
      { code: 500, message: 'Internal service failure', timestamp: T1, clientToken: 'i' },
    ]);
    assert.equal(errors.length, 1);
  });

  test('a failing publish port does not undo or refuse a stored update', async () => {
    const errors: object[] = [];
    const { sut, store } = newTestService(
      {},
      {
        publish: () => {
          throw new Error('broker closed');
        },
        logger: { error: (obj) => errors.push(obj) },
      },
    );
    const accepted = await sut.updateShadow({
      thingName: 'lamp-1',
      payload: body({ state: { reported: { a: 1 } } }),
      principal,
    });
    assert.equal(accepted.version, 1);
    assert.equal((await store.load({ thingName: 'lamp-1' })).shadow?.version, 1);
    assert.equal(errors.length, 2, 'accepted and documents could not be published');
  });

  test('§1.7 requests for one thing run one after another (classic and named shadows alike)', async () => {
    const store = new TracingStore();
    const { sut, on } = newTestService({}, {}, store);
    await Promise.all([
      sut.handleMqtt(`${P}/update`, body({ state: { reported: { a: 1 } } }), 'd1'),
      sut.handleMqtt(`${P}/update`, body({ state: { reported: { b: 2 } } }), 'd2'),
      sut.handleMqtt(`${NAMED}/update`, body({ state: { reported: { c: 3 } } }), 'd3'),
      sut.handleMqtt(`${P}/update`, body({ state: { reported: { c: 3 } }, version: 2 }), 'd4'),
    ]);
    assert.deepEqual(store.trace, [
      'load lamp-1',
      'save lamp-1',
      'load lamp-1',
      'save lamp-1',
      'load lamp-1',
      'save lamp-1',
      'load lamp-1',
      'save lamp-1',
    ]);
    assert.deepEqual(
      on(`${P}/update/accepted`).map((d) => d.version),
      [1, 2, 3],
    );
    const shadow = (await store.load({ thingName: 'lamp-1' })).shadow;
    assert.deepEqual(shadow?.state, { reported: { a: 1, b: 2, c: 3 } });
  });

  test('requests for different things run concurrently', async () => {
    const store = new TracingStore();
    const { sut } = newTestService({}, {}, store);
    await Promise.all([
      sut.handleMqtt(`${P}/update`, body({ state: { reported: { a: 1 } } }), 'd1'),
      sut.handleMqtt('$aws/things/lamp-2/shadow/update', body({ state: { reported: { a: 1 } } }), 'd2'),
    ]);
    assert.deepEqual(store.trace.slice(0, 2), ['load lamp-1', 'load lamp-2']);
  });

  test('§1.10 429 more requests in flight for one thing than allowed are refused with "Too Many Requests"', async () => {
    const store = new GatedStore();
    const { sut, on } = newTestService({ maxInFlightPerThing: 2 }, {}, store);
    const requests = [
      sut.handleMqtt(`${P}/update`, body({ state: { reported: { a: 1 } } }), 'd1'),
      sut.handleMqtt(`${NAMED}/get`, Buffer.alloc(0), 'd2'),
      sut.handleMqtt(`${P}/update`, body({ state: { reported: { a: 2 } }, clientToken: 'third' }), 'd3'),
    ];
    store.release();
    await Promise.all(requests);
    assert.deepEqual(on(`${P}/update/rejected`), [
      { code: 429, message: 'Too Many Requests', timestamp: T1, clientToken: 'third' },
    ]);
    assert.deepEqual(
      on(`${P}/update/accepted`).map((d) => d.version),
      [1],
    );
    await sut.handleMqtt(`${P}/update`, body({ state: { reported: { a: 3 } } }), 'd3');
    assert.deepEqual(
      on(`${P}/update/accepted`).map((d) => d.version),
      [1, 2],
      'accepted again once the queue drained',
    );
  });

  test('§1.10 429 more MQTT requests in flight from one client than allowed are refused', async () => {
    const store = new GatedStore();
    const { sut, on } = newTestService({ maxInFlightPerClient: 1 }, {}, store);
    const requests = [
      sut.handleMqtt(`${P}/update`, body({ state: { reported: { a: 1 } } }), 'device'),
      sut.handleMqtt('$aws/things/lamp-2/shadow/get', Buffer.alloc(0), 'device'),
    ];
    store.release();
    await Promise.all(requests);
    assert.deepEqual(
      on('$aws/things/lamp-2/shadow/get/rejected').map((d) => d.code),
      [429],
    );
    await sut.handleMqtt('$aws/things/lamp-2/shadow/get', Buffer.alloc(0), 'device');
    assert.deepEqual(
      on('$aws/things/lamp-2/shadow/get/rejected').map((d) => d.code),
      [429, 404],
    );
  });

  test('§1.12 429 over 20 requests per second for one thing (MQTT and HTTP, classic and named shadows together) are refused with "Rate limit exceeded"', async () => {
    const time = { ms: 0 };
    const { sut, on } = newTestService({}, { monotonicClock: () => time.ms });
    assert.equal(sut.settings.maxRequestsPerSecondPerThing, 20, "AWS's default");
    for (let i = 0; i < 10; i += 1) {
      await sut.handleMqtt(`${P}/update`, body({ state: { reported: { i } } }), `d${i}`);
      await sut.handleMqtt(`${NAMED}/update`, body({ state: { reported: { i } } }), `d${i}`);
    }
    await sut.handleMqtt(`${P}/update`, body({ state: { reported: { i: 99 } }, clientToken: 'one-too-many' }), 'd0');
    assert.deepEqual(on(`${P}/update/rejected`), [
      { code: 429, message: 'Rate limit exceeded', timestamp: T1, clientToken: 'one-too-many' },
    ]);
    await sut.handleMqtt(`${NAMED}/get`, Buffer.alloc(0), 'd1');
    assert.deepEqual(
      on(`${NAMED}/get/rejected`).map((d) => d.code),
      [429],
    );
    await assertRefusedAsync(() => sut.getShadow({ thingName: 'lamp-1', principal }), {
      status: 429,
      type: 'ThrottlingException',
      message: 'Rate limit exceeded',
    });
    await assertRefusedAsync(
      () =>
        sut.updateShadow({
          thingName: 'lamp-1',
          principal,
          payload: JSON.stringify({ state: { reported: { i: 100 } }, clientToken: 'http' }),
        }),
      { status: 429, type: 'ThrottlingException', message: 'Rate limit exceeded', clientToken: 'http' },
    );
    await sut.handleMqtt('$aws/things/lamp-2/shadow/update', body({ state: { reported: { i: 1 } } }), 'd2');
    assert.equal(on('$aws/things/lamp-2/shadow/update/accepted').length, 1, 'other things are not affected');

    time.ms += 50;
    await sut.handleMqtt(`${P}/update`, body({ state: { reported: { i: 11 } } }), 'd0');
    assert.deepEqual(
      on(`${P}/update/accepted`).map((d) => d.version),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      'one more request 1/20 s later',
    );
    time.ms += 1000;
    assert.deepEqual((await sut.getShadow({ thingName: 'lamp-1', shadowName: 'config', principal })).version, 10);
  });

  test('maxRequestsPerSecondPerThing 0 turns the rate limit off', async () => {
    const { sut, on } = newTestService({ maxRequestsPerSecondPerThing: 0 }, { monotonicClock: () => 0 });
    for (let i = 0; i < 50; i += 1) await sut.handleMqtt(`${P}/update`, body({ state: { reported: { i } } }), 'd');
    assert.equal(on(`${P}/update/accepted`).length, 50);
    assert.equal(on(`${P}/update/rejected`).length, 0);
  });

  test('§1.7 a shadow re-created within 48 h continues its version, later it starts at 1', async () => {
    const { sut, on, clock } = newTestService();
    for (let i = 0; i < 3; i += 1) await sut.handleMqtt(`${P}/update`, body({ state: { reported: { i } } }), 'dev');
    await sut.handleMqtt(`${P}/delete`, Buffer.alloc(0), 'dev');
    clock.now = T1 + 47 * 3600;
    await sut.handleMqtt(`${P}/update`, body({ state: { reported: { i: 9 } }, version: 3 }), 'dev');
    await sut.handleMqtt(`${P}/delete`, Buffer.alloc(0), 'dev');
    clock.now += 48 * 3600;
    await sut.handleMqtt(`${P}/update`, body({ state: { reported: { i: 10 } } }), 'dev');
    assert.deepEqual(
      on(`${P}/update/accepted`).map((d) => d.version),
      [1, 2, 3, 4, 1],
    );
  });

  test('the authorize hook is not consulted for MQTT requests (the broker checks topic permissions)', async () => {
    const { sut, on } = newTestService({}, { authorize: () => false });
    await sut.handleMqtt(`${P}/update`, body({ state: { reported: { a: 1 } } }), 'dev');
    assert.equal(on(`${P}/update/accepted`).length, 1);
  });
});

describe(`${ShadowService.name} HTTP-style API`, () => {
  test('§1.13 updateShadow returns /update/accepted and still publishes the MQTT responses', async () => {
    const { sut, topics } = newTestService();
    const accepted = await sut.updateShadow({
      thingName: 'lamp-1',
      shadowName: 'config',
      payload: '{"state":{"desired":{"on":true}},"clientToken":"h1"}',
      principal,
    });
    assert.deepEqual(accepted, {
      state: { desired: { on: true } },
      metadata: { desired: { on: { timestamp: T1 } } },
      version: 1,
      timestamp: T1,
      clientToken: 'h1',
    });
    assert.deepEqual(topics(), [`${NAMED}/update/accepted`, `${NAMED}/update/documents`, `${NAMED}/update/delta`]);
  });

  test('§1.13 getShadow returns the document without publishing; a missing shadow is ResourceNotFoundException', async () => {
    const { sut, published } = newTestService();
    await assertRefusedAsync(() => sut.getShadow({ thingName: 'lamp-1', principal }), {
      status: 404,
      type: 'ResourceNotFoundException',
      message: "No shadow exists with name: 'lamp-1'",
    });
    await sut.updateShadow({ thingName: 'lamp-1', payload: body({ state: { reported: { on: true } } }), principal });
    published.length = 0;
    const document = await sut.getShadow({ thingName: 'lamp-1', principal });
    assert.deepEqual(document.state, { reported: { on: true } });
    assert.deepEqual(published, []);
  });

  test('§1.13 deleteShadow returns { version, timestamp } and publishes /delete/accepted', async () => {
    const { sut, on } = newTestService();
    await sut.updateShadow({ thingName: 'lamp-1', payload: body({ state: { reported: { on: true } } }), principal });
    assert.deepEqual(await sut.deleteShadow({ thingName: 'lamp-1', principal }), { version: 1, timestamp: T1 });
    assert.deepEqual(on(`${P}/delete/accepted`), [{ version: 1, timestamp: T1 }]);
    await assertRefusedAsync(() => sut.deleteShadow({ thingName: 'lamp-1', principal }), {
      status: 404,
      message: "No shadow exists with name: 'lamp-1'",
    });
  });

  test('§1.13 refused HTTP requests throw DomainErrors with the AWS exception and publish nothing', async () => {
    const { sut, published } = newTestService();
    const update = (payload: string | Buffer) => () => sut.updateShadow({ thingName: 'lamp-1', payload, principal });
    await assertRefusedAsync(update(Buffer.from([0xc3, 0x28])), {
      status: 415,
      type: 'UnsupportedDocumentEncodingException',
      message: 'Unsupported documented encoding; supported encoding is UTF-8',
    });
    await assertRefusedAsync(update('nope'), { status: 400, type: 'InvalidRequestException', message: 'Invalid JSON' });
    await assertRefusedAsync(update('{"state":{},"version":4,"clientToken":"c"}'), {
      status: 409,
      type: 'ConflictException',
      message: 'Version conflict',
      clientToken: 'c',
    });
    await assertRefusedAsync(update(body({ state: { reported: { big: 'x'.repeat(9000) } } })), {
      status: 413,
      type: 'RequestEntityTooLargeException',
      message: 'The payload exceeds the maximum size allowed',
    });
    await assertRefusedAsync(() => sut.getShadow({ thingName: 'bad name', principal }), {
      status: 400,
      type: 'InvalidRequestException',
      message: 'Invalid thing name: bad name',
    });
    assert.deepEqual(published, []);
  });

  test('§1.13 the authorize hook gets the action, thing, shadow and principal; a denial is ForbiddenException', async () => {
    const calls: Array<[ShadowAction, string, string | undefined, Principal]> = [];
    const { sut, published } = newTestService(
      {},
      {
        authorize: (action, thingName, shadowName, who) => {
          calls.push([action, thingName, shadowName, who]);
          return who.user !== 'intruder';
        },
      },
    );
    await sut.updateShadow({ thingName: 'lamp-1', shadowName: 'config', payload: body({ state: {} }), principal });
    await sut.getShadow({ thingName: 'lamp-1', shadowName: 'config', principal });
    await sut.listNamedShadows({ thingName: 'lamp-1', principal });
    await sut.deleteShadow({ thingName: 'lamp-1', shadowName: 'config', principal });
    assert.deepEqual(calls, [
      ['iot:UpdateThingShadow', 'lamp-1', 'config', principal],
      ['iot:GetThingShadow', 'lamp-1', 'config', principal],
      ['iot:ListNamedShadowsForThing', 'lamp-1', undefined, principal],
      ['iot:DeleteThingShadow', 'lamp-1', 'config', principal],
    ]);
    published.length = 0;
    const intruder = { user: 'intruder' };
    await assertRefusedAsync(
      () => sut.updateShadow({ thingName: 'lamp-1', payload: body({ state: {} }), principal: intruder }),
      { status: 403, type: 'ForbiddenException', message: 'Forbidden' },
    );
    await assertRefusedAsync(() => sut.listNamedShadows({ thingName: 'lamp-1', principal: intruder }), {
      status: 403,
      message: 'Forbidden',
    });
    assert.deepEqual(published, []);
  });

  test('§1.1 with a registry check, shadows of unknown things are refused with 404 "Thing not found"', async () => {
    const { sut, on } = newTestService({}, { thingExists: (name) => name === 'lamp-1' });
    await sut.handleMqtt(
      '$aws/things/ghost/shadow/update',
      body({ state: { reported: { a: 1 } }, clientToken: 'x' }),
      'dev',
    );
    assert.deepEqual(on('$aws/things/ghost/shadow/update/rejected'), [
      { code: 404, message: 'Thing not found', timestamp: T1, clientToken: 'x' },
    ]);
    await assertRefusedAsync(() => sut.getShadow({ thingName: 'ghost', principal }), {
      status: 404,
      message: 'Thing not found',
    });
    assert.deepEqual(await sut.listNamedShadows({ thingName: 'ghost', principal }), { results: [], timestamp: T1 });
    assert.equal((await sut.updateShadow({ thingName: 'lamp-1', payload: body({ state: {} }), principal })).version, 1);
  });

  test('§1.13 listNamedShadows pages through live named shadows; the classic shadow is never listed', async () => {
    const { sut } = newTestService();
    for (const shadowName of ['e', 'a', 'd', 'b', 'c']) {
      await sut.updateShadow({
        thingName: 'lamp-1',
        shadowName,
        payload: body({ state: { reported: { x: 1 } } }),
        principal,
      });
    }
    await sut.updateShadow({ thingName: 'lamp-1', payload: body({ state: { reported: { x: 1 } } }), principal });
    await sut.deleteShadow({ thingName: 'lamp-1', shadowName: 'd', principal });
    const pages: string[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await sut.listNamedShadows({
        thingName: 'lamp-1',
        principal,
        pageSize: 2,
        ...(nextToken ? { nextToken } : {}),
      });
      assert.equal(page.timestamp, T1);
      pages.push(page.results);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    assert.deepEqual(pages, [
      ['a', 'b'],
      ['c', 'e'],
    ]);
    assert.deepEqual(await sut.listNamedShadows({ thingName: 'unknown', principal }), { results: [], timestamp: T1 });
  });

  test('§1.13 listNamedShadows refuses a pageSize outside 1–100 and a nextToken it did not issue', async () => {
    const { sut } = newTestService();
    for (const pageSize of [0, 101, 2.5]) {
      await assertRefusedAsync(() => sut.listNamedShadows({ thingName: 'lamp-1', principal, pageSize }), {
        status: 400,
        message: 'pageSize must be an integer from 1 to 100',
      });
    }
    await assertRefusedAsync(() => sut.listNamedShadows({ thingName: 'lamp-1', principal, nextToken: '!!' }), {
      status: 400,
      message: 'Invalid nextToken',
    });
  });

  test('history: every accepted version is kept up to keepVersions, newest first; deleting the shadow clears it', async () => {
    const { sut } = newTestService({ keepVersions: 3 });
    for (let level = 1; level <= 5; level += 1) {
      await sut.updateShadow({ thingName: 'lamp-1', payload: body({ state: { reported: { level } } }), principal });
    }
    const versions = await sut.listVersions({ thingName: 'lamp-1', principal });
    assert.deepEqual(
      versions.map((d) => [d.version, d.state.reported?.level]),
      [
        [5, 5],
        [4, 4],
        [3, 3],
      ],
    );
    assert.deepEqual(
      (await sut.listVersions({ thingName: 'lamp-1', principal, limit: 1, beforeVersion: 5 })).map((d) => d.version),
      [4],
    );
    assert.deepEqual((await sut.getVersion({ thingName: 'lamp-1', principal, version: 4 })).state, {
      reported: { level: 4 },
    });
    await assertRefusedAsync(() => sut.getVersion({ thingName: 'lamp-1', principal, version: 2 }), {
      status: 404,
      message: "No version 2 of shadow 'lamp-1'",
    });
    await sut.deleteShadow({ thingName: 'lamp-1', principal });
    assert.deepEqual(await sut.listVersions({ thingName: 'lamp-1', principal }), []);
  });

  test('refusals are DomainErrors so that routes can map them without knowing the shadow package', async () => {
    const { sut } = newTestService();
    await assert.rejects(() => sut.getShadow({ thingName: 'lamp-1', principal }), DomainError);
  });
});
