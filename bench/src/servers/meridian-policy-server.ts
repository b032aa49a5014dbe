import type { Socket } from 'node:net';
import { Broker, type BrokerHooks, type BrokerOptions } from '@meridian/broker';
import { MemoryPolicyStore, PolicyService } from '@meridian/policy';
import { MemoryRegistryStore, RegistryService } from '@meridian/registry';
import { DeviceAuthorizer } from '../../../apps/server/src/authorization/device-authorizer.js';
import { authenticateWithPolicies } from '../../../apps/server/src/authorization/live-authorization.js';
import { arns, certificateIdOf, DEVICE_POLICY, deviceName, MONITOR } from '../device-policy.js';
import { serve } from './common.js';

/**
 * Our broker with `cacheAuthorization` on (as the platform runs it) and either allow-all hooks
 * (`--mode allow-all`) or the platform's policy enforcement (`--mode policy`: DeviceAuthorizer over
 * in-memory policy and registry services holding `--devices N` things, the monitor thing, one
 * certificate each and the 10-statement DEVICE_POLICY on every certificate).
 *
 * The listener is plain TCP; it stands in for the TLS device listener by reading the client id from
 * the CONNECT packet and attaching that client's certificate id to the connection meta.
 */
const argv = process.argv.slice(2);
const argument = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const mode = argument('mode') ?? 'policy';
const deviceCount = Number(argument('devices') ?? 100);
if (mode !== 'policy' && mode !== 'allow-all') throw new Error(`--mode must be policy or allow-all, not ${mode}`);

const options: Partial<BrokerOptions> = { cacheAuthorization: true, publishRatePerSecond: 0, connectRatePerSecond: 0 };
const broker = new Broker(options, mode === 'policy' ? await policyHooks() : allowAllHooks());

function allowAllHooks(): BrokerHooks {
  return {
    authenticate: () => ({ ok: true }),
    authorizePublish: () => true,
    authorizeSubscribe: () => true,
    authorizeReceive: () => true,
  };
}

async function policyHooks(): Promise<BrokerHooks> {
  const policies = new PolicyService({ store: new MemoryPolicyStore(), arns });
  const registry = new RegistryService({
    store: new MemoryRegistryStore(),
    principalExists: () => true,
    region: 'us-east-1',
    accountId: '123456789012',
  });
  await policies.createPolicy({ policyName: 'device', policyDocument: JSON.stringify(DEVICE_POLICY) });
  const things = [
    ...Array.from({ length: deviceCount }, (_, i) => ({ name: deviceName(i), role: 'sensor' })),
    { name: MONITOR, role: 'monitor' },
  ];
  for (const thing of things) {
    const certificate = arns.certificate(certificateIdOf(thing.name));
    await registry.things.create({ thingName: thing.name, attributePayload: { attributes: { role: thing.role } } });
    await registry.principals.attach({ thingName: thing.name, principal: certificate });
    await policies.attachPolicy('device', certificate);
  }
  const authorizer = new DeviceAuthorizer({
    arns,
    certificateFacts: (id) => ({ id, subject: { CommonName: [`device-${id.slice(0, 8)}`] } }),
    thingForConnection: (clientId, principal) => registry.thingForConnection(clientId, principal),
    thingGroupArns: async (thing) => (await registry.groupsOfThing(thing)).map((group) => group.groupArn),
    effectivePolicies: (targets) => policies.effectivePolicies(targets),
  });
  return { authenticate: authenticateWithPolicies(() => ({ ok: true }), authorizer), ...authorizer.hooks() };
}

/** Client id of a complete CONNECT at the start of `bytes`, undefined while more bytes are needed. */
function connectClientId(bytes: Buffer): string | undefined {
  let offset = 1;
  let remaining = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[offset++];
    if (byte === undefined) return undefined;
    remaining += (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
  }
  if (bytes.length < offset + remaining) return undefined;
  offset += 2 + bytes.readUInt16BE(offset); // protocol name
  const level = bytes[offset] as number;
  offset += 4; // level, flags, keep alive
  if (level === 5) {
    let properties = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[offset++] as number;
      properties += (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
    }
    offset += properties;
  }
  const length = bytes.readUInt16BE(offset);
  return bytes.toString('utf8', offset + 2, offset + 2 + length);
}

function handleWithCertificate(socket: Socket): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    const clientId = connectClientId(buffered);
    if (clientId === undefined) return;
    socket.off('data', onData);
    socket.pause();
    socket.unshift(buffered);
    broker.handle(socket, {
      transport: 'tls',
      remoteAddress: socket.remoteAddress,
      certificateId: certificateIdOf(clientId),
    });
    socket.resume();
  };
  socket.on('data', onData);
}

serve(
  `meridian-${mode}`,
  (socket) => handleWithCertificate(socket as Socket),
  () => broker.close(),
);
