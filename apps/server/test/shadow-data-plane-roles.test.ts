import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import { after, before, describe, test } from 'node:test';
import {
  DeleteThingShadowCommand,
  ForbiddenException,
  GetThingShadowCommand,
  IoTDataPlaneClient,
  ListNamedShadowsForThingCommand,
  UpdateThingShadowCommand,
} from '@aws-sdk/client-iot-data-plane';
import type { Role } from '@meridian/contracts';
import { UsersStore } from '../src/auth/users.store.js';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const parse = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));

describe('shadow data plane: what each role may do (AWS API, access keys)', { timeout: 30_000 }, () => {
  let sut: TestPlatform;
  const clients = new Map<Role, IoTDataPlaneClient>();

  before(async () => {
    sut = await startTestPlatform();
    const users = new UsersStore(sut.platform.db);
    for (const role of ['admin', 'operator', 'viewer', 'end-user'] as const) {
      const user = users.create({ username: `${role}-user`, passwordHash: 'unused', role });
      const key = sut.platform.accessKeys.create(user.id);
      clients.set(
        role,
        new IoTDataPlaneClient({
          endpoint: `https://localhost:${sut.ports.awsApi}`,
          region: 'us-east-1',
          credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
          maxAttempts: 1,
          requestHandler: { httpsAgent: new Agent({ ca: sut.platform.pki.ca.certificatePem }) },
        }),
      );
    }
  });
  after(() => sut.close());

  const as = (role: Role) => clients.get(role)!;
  const update = (role: Role, thingName: string, reported: object, shadowName?: string) =>
    as(role).send(new UpdateThingShadowCommand({ thingName, shadowName, payload: json({ state: { reported } }) }));

  /** The SDK builds a ForbiddenException only from the `x-amzn-ErrorType` header (the body is the shadow error document). */
  async function refused(call: Promise<unknown>): Promise<void> {
    await assert.rejects(call, (error: unknown) => {
      assert.ok(error instanceof ForbiddenException, `expected ForbiddenException, got ${String(error)}`);
      assert.equal(error.$metadata.httpStatusCode, 403);
      assert.match(error.message, /^User: .* \(role [a-z-]+\) is not authorized to perform: iot:\w+$/);
      return true;
    });
  }

  test('admins and operators may update, get, list and delete shadows', async () => {
    for (const role of ['admin', 'operator'] as const) {
      const thingName = `lamp-${role}`;
      assert.equal(parse((await update(role, thingName, { on: true })).payload).version, 1);
      await update(role, thingName, { mode: 'eco' }, 'config');
      assert.deepEqual(
        parse((await as(role).send(new GetThingShadowCommand({ thingName }))).payload).state,
        { reported: { on: true } },
        role,
      );
      assert.deepEqual((await as(role).send(new ListNamedShadowsForThingCommand({ thingName }))).results, ['config']);
      assert.equal(
        parse((await as(role).send(new DeleteThingShadowCommand({ thingName, shadowName: 'config' }))).payload).version,
        1,
      );
    }
  });

  test('viewers may get and list, but UpdateThingShadow and DeleteThingShadow are 403 ForbiddenException and change nothing', async () => {
    await update('operator', 'lamp-v', { on: false });
    await update('operator', 'lamp-v', { level: 3 }, 'dimmer');
    const viewer = as('viewer');
    assert.deepEqual(parse((await viewer.send(new GetThingShadowCommand({ thingName: 'lamp-v' }))).payload).state, {
      reported: { on: false },
    });
    assert.deepEqual((await viewer.send(new ListNamedShadowsForThingCommand({ thingName: 'lamp-v' }))).results, [
      'dimmer',
    ]);

    await refused(update('viewer', 'lamp-v', { on: true }));
    await refused(update('viewer', 'lamp-new', { on: true }));
    await refused(viewer.send(new DeleteThingShadowCommand({ thingName: 'lamp-v', shadowName: 'dimmer' })));

    const after = parse((await viewer.send(new GetThingShadowCommand({ thingName: 'lamp-v' }))).payload);
    assert.deepEqual([after.state, after.version], [{ reported: { on: false } }, 1]);
    assert.deepEqual((await viewer.send(new ListNamedShadowsForThingCommand({ thingName: 'lamp-v' }))).results, [
      'dimmer',
    ]);
    await assert.rejects(as('admin').send(new GetThingShadowCommand({ thingName: 'lamp-new' })), {
      name: 'ResourceNotFoundException',
    });
  });

  test('any other role (end-user) gets 403 for every shadow operation', async () => {
    await update('operator', 'lamp-e', { on: true });
    const endUser = as('end-user');
    await refused(endUser.send(new GetThingShadowCommand({ thingName: 'lamp-e' })));
    await refused(endUser.send(new ListNamedShadowsForThingCommand({ thingName: 'lamp-e' })));
    await refused(update('end-user', 'lamp-e', { on: false }));
    await refused(endUser.send(new DeleteThingShadowCommand({ thingName: 'lamp-e' })));
    const shadow = parse((await as('admin').send(new GetThingShadowCommand({ thingName: 'lamp-e' }))).payload);
    assert.deepEqual([shadow.state, shadow.version], [{ reported: { on: true } }, 1]);
  });
});
