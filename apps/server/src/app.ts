import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyWebsocket from '@fastify/websocket';
import { Broker } from '@meridian/broker';
import { loadOrCreatePki, type Pki } from '@meridian/certs';
import { type AwsAccount, DomainError, type Health, IotArns } from '@meridian/contracts';
import type { PolicyService } from '@meridian/policy';
import { RegistryService } from '@meridian/registry';
import type { ShadowService } from '@meridian/shadow';
import Fastify, { type FastifyInstance } from 'fastify';
import { accessKeysRoutes } from './access-keys/access-keys.routes.js';
import { AccessKeysService } from './access-keys/access-keys.service.js';
import { AccessKeysStore } from './access-keys/access-keys.store.js';
import { bootstrapAccessKey } from './access-keys/bootstrap-access-key.js';
import { SecretBox } from './access-keys/secret-box.js';
import { authRoutes } from './auth/auth.routes.js';
import { bootstrapAdmin } from './auth/bootstrap-admin.js';
import { requireSession } from './auth/session-auth.js';
import { SessionsStore } from './auth/sessions.store.js';
import { UsersStore } from './auth/users.store.js';
import { authenticateDevice } from './authenticate-device.js';
import { attachDevicePolicy, createDefaultDevicePolicy } from './authorization/default-device-policy.js';
import { DeviceAuthorizer } from './authorization/device-authorizer.js';
import { authenticateWithPolicies, LiveAuthorization } from './authorization/live-authorization.js';
import {
  certificateAttachments,
  certificateFactsReader,
  thingGroupAncestors,
  thingGroupExists,
} from './authorization/platform-lookups.js';
import {
  brokerDataPlaneOperations,
  buildAwsApi,
  certificateOperations,
  endpointOperations,
  policyOperations,
  registryOperations,
  shadowDataPlaneOperations,
  topicRuleOperations,
} from './aws-api/index.js';
import { SqliteRetainedStore } from './broker-stores/sqlite-retained-store.js';
import { SqliteSessionStore } from './broker-stores/sqlite-session-store.js';
import { caCertificatesRoutes } from './certificates/ca-certificates.routes.js';
import { CaCertificatesService } from './certificates/ca-certificates.service.js';
import { CaCertificatesStore } from './certificates/ca-certificates.store.js';
import { CertificateChanges } from './certificates/certificate-changes.js';
import { certificatesRoutes } from './certificates/certificates.routes.js';
import { CertificatesService } from './certificates/certificates.service.js';
import { CertificatesStore } from './certificates/certificates.store.js';
import { DeviceAdmission } from './certificates/device-admission.js';
import { DeviceCredentialsService } from './certificates/device-credentials.service.js';
import { JustInTimeRegistration } from './certificates/just-in-time-registration.js';
import { guardLiveConnections } from './certificates/live-certificate-guard.js';
import { clientsRoutes } from './clients/clients.routes.js';
import type { Config } from './config/config.js';
import { type Db, openDatabase } from './db/database.js';
import { startWalCheckpointer, type WalCheckpointer } from './db/wal-checkpointer.js';
import { buildDeviceHttps } from './devices/device-https.js';
import { type DeviceListenerPorts, DeviceListeners } from './devices/device-listeners.js';
import { claimCodesRoutes } from './end-users/claim-codes.routes.js';
import { DeviceOwnershipStore } from './end-users/device-ownership.store.js';
import { confineEndUsers, endUserLiveTopics } from './end-users/end-user-access.js';
import { InvitationsStore } from './end-users/invitations.store.js';
import { myDevicesRoutes } from './end-users/my-devices.routes.js';
import { MyDevicesService } from './end-users/my-devices.service.js';
import { signupRoutes } from './end-users/signup.routes.js';
import { thingTypeControlHintsRoutes } from './end-users/thing-type-control-hints.routes.js';
import { ThingTypeControlHintsStore } from './end-users/thing-type-control-hints.store.js';
import { usersAdminRoutes } from './end-users/users-admin.routes.js';
import { installErrorHandler, installNotFoundHandler } from './http/error-handler.js';
import { createMetricsRegistry, installMetricsRoute } from './http/metrics.js';
import { serveWebConsole } from './http/web-console.js';
import { liveRoutes } from './live/live.routes.js';
import { LiveHub } from './live/live-hub.js';
import { publishRoutes } from './live/publish.routes.js';
import { createPolicyService } from './policies/create-policy-service.js';
import { policiesRoutes } from './policies/policies.routes.js';
import { PolicySimulator } from './policies/policy-simulator.js';
import { PresenceTracker } from './registry/presence-tracker.js';
import { SqliteRegistryStore } from './registry/sqlite-registry-store.js';
import { ThingDetails } from './registry/thing-details.js';
import { thingGroupsRoutes } from './registry/thing-groups.routes.js';
import { thingTypesRoutes } from './registry/thing-types.routes.js';
import { thingsRoutes } from './registry/things.routes.js';
import { rulesRoutes } from './rules/rules.routes.js';
import { type Rules, rulesSettingsFrom, wireRules } from './rules/rules-wiring.js';
import { shadowUpdatePort } from './rules/shadow-port.js';
import { thingShadowReader } from './rules/shadow-reader-port.js';
import { MY_DEVICES_PRINCIPAL, RULES_PRINCIPAL, type ShadowPrincipal } from './shadows/shadow-access.js';
import { shadowSettingsFrom, wireShadows } from './shadows/shadow-wiring.js';
import { shadowsRoutes } from './shadows/shadows.routes.js';

export interface PlatformPorts extends DeviceListenerPorts {
  http: number;
  awsApi: number;
}

/** In the data folder: the key that encrypts access-key secrets, and the first access key. */
export const ACCESS_KEY_ENCRYPTION_KEY_FILE = 'access-keys.key';
export const FIRST_ACCESS_KEY_FILE = 'aws-credentials';

export interface Platform {
  app: FastifyInstance;
  /** The AWS-compatible REST API, on its own HTTPS listener. */
  awsApi: FastifyInstance;
  accessKeys: AccessKeysService;
  broker: Broker;
  db: Db;
  pki: Pki;
  certificates: CertificatesService;
  caCertificates: CaCertificatesService;
  /** Region and account id of every ARN the platform hands out or accepts. */
  account: AwsAccount;
  /** Every ARN the platform hands out or accepts. */
  arns: IotArns;
  registry: RegistryService;
  policies: PolicyService;
  shadows: ShadowService<ShadowPrincipal>;
  rules: Rules;
  listen(): Promise<PlatformPorts>;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** pino options or `false`; the default logs JSON lines at the configured level. */
  logger?: boolean | object;
  /** Folder of the built console; when missing, only the APIs are served. */
  webDistDir?: string;
}

/** Builds the whole platform (nothing listens until `listen()`); `server.ts` runs it. */
export async function buildPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  mkdirSync(config.dataDir, { recursive: true });
  const pki = await loadOrCreatePki({ dir: join(config.dataDir, 'pki'), hostNames: config.publicHostNames });

  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    ...(config.httpTls ? { https: { key: pki.server.privateKeyPem, cert: pki.server.certificatePem } } : {}),
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  const log = app.log;

  log.info(
    {
      caCertificate: pki.ca.certificatePath,
      caPrivateKey: pki.ca.privateKeyPath,
      serverCertificate: pki.server.certificatePath,
      serverPrivateKey: pki.server.privateKeyPath,
      created: pki.created,
    },
    pki.created.ca ? 'PKI created' : 'PKI loaded',
  );

  const db = openDatabase(join(config.dataDir, 'meridian.db'));
  const checkpointer = await startCheckpointer(db, log);
  const users = new UsersStore(db);
  const sessions = new SessionsStore(db, config.sessionTtlHours * 3600_000);
  const arns = new IotArns(config.awsRegion, config.awsAccountId);
  const certificateStore = new CertificatesStore(db);
  const caCertificateStore = new CaCertificatesStore(db);
  const certificateChanges = new CertificateChanges();
  const caCertificates = new CaCertificatesService({
    caCertificates: caCertificateStore,
    arns,
    changes: certificateChanges,
  });
  const secrets = SecretBox.loadOrCreate(join(config.dataDir, ACCESS_KEY_ENCRYPTION_KEY_FILE));
  const accessKeys = new AccessKeysService(new AccessKeysStore(db), secrets.box);
  const registry = new RegistryService({
    store: new SqliteRegistryStore(db),
    region: arns.region,
    accountId: arns.accountId,
    principalExists: (arn) => {
      const certificateId = arns.certificateIdOf(arn);
      return certificateId !== undefined && certificateStore.status(certificateId) !== undefined;
    },
    onListenerError: (error, change) => log.error({ err: error, change }, 'registry change listener failed'),
  });
  const certificateFacts = certificateFactsReader(certificateStore);
  const policies = createPolicyService(db, arns, {
    certificateExists: (certificateId) => certificateStore.status(certificateId) !== undefined,
    thingGroupExists: (name) => thingGroupExists(registry, name),
    thingGroupAncestors: (name) => thingGroupAncestors(registry, name),
  });
  const certificates = new CertificatesService({
    certificates: certificateStore,
    caCertificates: caCertificateStore,
    platformCa: pki.ca,
    arns,
    attachments: certificateAttachments(policies, registry),
    changes: certificateChanges,
  });
  const credentials = new DeviceCredentialsService(
    pki.ca,
    certificates,
    certificateStore,
    config.deviceCertValidityDays,
    (certificateId, policyName) => attachDevicePolicy(policies, arns.certificate(certificateId), policyName),
  );
  const policySimulator = new PolicySimulator({ policies, arns: arns, certificateFacts });
  const authorizer = new DeviceAuthorizer({
    arns: arns,
    certificateFacts,
    thingForConnection: (clientId, principal) => registry.thingForConnection(clientId, principal),
    thingGroupArns: async (thingName) => (await registry.groupsOfThing(thingName)).map((group) => group.groupArn),
    effectivePolicies: (targets) => policies.effectivePolicies(targets),
  });

  const admin = await bootstrapAdmin(users, config.adminPassword);
  if (admin.created && admin.generatedPassword) {
    log.warn(
      { username: 'admin', password: admin.generatedPassword },
      'created the admin account with a generated password; it is shown only this once',
    );
  } else if (admin.created) {
    log.info({ username: 'admin' }, 'created the admin account with the configured password');
  }
  if (admin.created) await createDefaultDevicePolicy(policies, arns);

  const admission = new DeviceAdmission({
    certificates: certificateStore,
    caCertificates: caCertificateStore,
    justInTimeRegistration: new JustInTimeRegistration({
      certificates: certificateStore,
      caCertificates: caCertificateStore,
      accountId: arns.accountId,
      // The broker is created below; the event is published only once devices connect.
      publish: (topic, payload) => broker.publish({ topic, payload, qos: 0, retain: false }),
    }),
  });

  // Set right after the broker exists: Basic Ingest publishes only arrive once devices connect.
  let rules: Rules | undefined;
  // Retained messages and persistent MQTT sessions live in SQLite: a QoS 1 PUBACK means stored.
  const broker = new Broker(
    {
      retainedStore: new SqliteRetainedStore(db),
      sessionStore: new SqliteSessionStore(db),
      maxPayloadBytes: config.mqttMaxPayloadBytes,
      // Room for the fixed header, topic and properties around the largest payload.
      maxPacketBytes: config.mqttMaxPayloadBytes + 4096,
      publishRatePerSecond: config.mqttPublishRatePerSecond,
      connectRatePerSecond: config.mqttConnectRatePerSecond,
      maxSubscriptionsPerConnection: config.mqttMaxSubscriptionsPerConnection,
      maxSessionExpirySeconds: config.mqttMaxSessionExpirySeconds,
      maxQueuedMessages: config.mqttMaxQueuedMessages,
      resumeRatePerSecond: config.mqttResumeRatePerSecond,
      awsTopicSemantics: config.mqttAwsTopicSemantics,
      cacheAuthorization: true,
    },
    {
      authenticate: authenticateWithPolicies(authenticateDevice(admission), authorizer),
      ...authorizer.hooks(),
      onBasicIngest: (ruleName, message) => rules?.basicIngest(ruleName, message),
    },
    log.child({ component: 'broker' }),
  );
  // Policy, attachment and registry changes apply to live connections at once (reference §3.6).
  const liveAuthorization = new LiveAuthorization(broker, authorizer, log.child({ component: 'authorization' }));
  policies.onChange(() => liveAuthorization.changed());
  registry.onChange(() => liveAuthorization.changed());
  guardLiveConnections(broker, admission, certificateChanges, log.child({ component: 'certificates' }));
  const hub = new LiveHub();
  broker.onPublish((message) => hub.dispatch(message));
  const presence = new PresenceTracker();
  broker.onPublish(presence.record);
  const thingDetails = new ThingDetails({
    registry,
    arns,
    certificateStatus: (certificateId) => certificateStore.status(certificateId),
    connectedClient: (clientId) => broker.clients().find((client) => client.clientId === clientId),
    presence: (clientId) => presence.lastSeen(clientId),
  });
  const shadows = wireShadows(broker, db, shadowSettingsFrom(config), log.child({ component: 'shadow' }), {
    commitGate: () => checkpointer?.commitGate(),
  });
  const platformRules = await wireRules(broker, db, rulesSettingsFrom(config), log.child({ component: 'rules' }), {
    updateShadow: shadowUpdatePort(shadows.service, RULES_PRINCIPAL),
    readShadow: thingShadowReader(shadows.store),
  });
  rules = platformRules;
  const invitations = new InvitationsStore(db);
  const ownership = new DeviceOwnershipStore(db);
  const typeControlHints = new ThingTypeControlHintsStore(db);
  registry.onChange((change) => {
    if (change.type === 'thing-deleted') ownership.forgetThing(change.thingName);
  });
  const requireThing = async (thingName: string) => {
    await registry.things.describe({ thingName });
  };
  const myDevices = new MyDevicesService({
    ownership,
    thing: async (thingName) => {
      const thing = await orNotFound(registry.things.describe({ thingName }));
      if (thing === undefined) return undefined;
      return thing.thingTypeName === undefined
        ? { attributes: thing.attributes }
        : { attributes: thing.attributes, thingTypeName: thing.thingTypeName };
    },
    thingTypeControlHints: async (thingTypeName) => typeControlHints.hintsOf(thingTypeName),
    shadow: async (thingName) => {
      const document = await orNotFound(shadows.service.getShadow({ thingName, principal: MY_DEVICES_PRINCIPAL }));
      if (document === undefined) return undefined;
      return {
        desired: document.state.desired ?? {},
        reported: document.state.reported ?? {},
        version: document.version,
      };
    },
    updateDesired: async (thingName, desired) => {
      await shadows.service.updateShadow({
        thingName,
        principal: MY_DEVICES_PRINCIPAL,
        payload: JSON.stringify({ state: { desired } }),
      });
    },
    isOnline: (thingName) => broker.client(thingName) !== undefined,
  });
  const deviceHttps = await buildDeviceHttps({
    admission,
    authorizer,
    arns,
    shadows: shadows.service,
    broker,
    logger: log.child({ component: 'device-https' }),
  });
  const devices = new DeviceListeners(
    broker,
    {
      caCertificatePem: pki.ca.certificatePem,
      serverCertificatePem: pki.server.certificatePem,
      serverPrivateKeyPem: pki.server.privateKeyPem,
    },
    log.child({ component: 'device-listeners' }),
    config.mqttTcpPort !== null,
    deviceHttps.handle,
  );

  installErrorHandler(app);
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 256 * 1024 } });

  const startedAt = Date.now();
  app.get(
    '/health',
    async (): Promise<Health> => ({
      status: 'ok',
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      mqttClients: broker.clientCount,
    }),
  );
  installMetricsRoute(app, createMetricsRegistry({ broker, rules: platformRules.engine.monitor }));

  await app.register(
    async (api) => {
      api.addHook('onRequest', requireSession(sessions));
      api.addHook('onRequest', confineEndUsers);
      await api.register(authRoutes, { users, sessions });
      await api.register(signupRoutes, { users, sessions, invitations });
      await api.register(usersAdminRoutes, { users, invitations, ownership, requireThing });
      await api.register(claimCodesRoutes, { ownership, requireThing });
      await api.register(myDevicesRoutes, { myDevices, confirmTimeoutMs: config.endUserConfirmTimeoutMs });
      await api.register(certificatesRoutes, { store: certificateStore, certificates, credentials });
      await api.register(caCertificatesRoutes, { store: caCertificateStore, caCertificates });
      await api.register(publishRoutes, { broker });
      await api.register(liveRoutes, {
        hub,
        broker,
        rules: platformRules.engine.monitor,
        timeseries: platformRules.timeseriesFeed,
        endUserTopics: (userId) => endUserLiveTopics(ownership, userId),
      });
      await api.register(clientsRoutes, { broker });
      await api.register(accessKeysRoutes, { accessKeys });
      await api.register(thingsRoutes, { registry, details: thingDetails, arns });
      await api.register(thingTypesRoutes, { registry });
      await api.register(thingTypeControlHintsRoutes, { registry, hints: typeControlHints });
      await api.register(thingGroupsRoutes, { registry });
      await api.register(policiesRoutes, { policies, simulator: policySimulator, arns: arns });
      await api.register(rulesRoutes, { rules: platformRules });
      await api.register(shadowsRoutes, { shadows: shadows.service });
    },
    { prefix: '/api' },
  );
  const consoleServed = options.webDistDir ? await serveWebConsole(app, options.webDistDir) : false;
  installNotFoundHandler(app, { spaFallback: consoleServed });

  const publicHostName = config.publicHostNames[0] ?? 'localhost';
  const awsApi = await buildAwsApi({
    tls: pki.server,
    accessKeys,
    operations: [
      ...endpointOperations(publicHostName),
      ...certificateOperations(certificates, caCertificates),
      ...registryOperations(registry),
      ...policyOperations(policies),
      ...topicRuleOperations(platformRules.service),
      ...shadowDataPlaneOperations(shadows.service),
      ...brokerDataPlaneOperations(broker),
    ],
    logger: log.child({ component: 'aws-api' }),
  });

  const sessionSweep = setInterval(() => sessions.deleteExpired(), 3600_000);
  sessionSweep.unref();

  let closed: Promise<void> | undefined;
  return {
    app,
    awsApi,
    accessKeys,
    broker,
    db,
    pki,
    certificates,
    caCertificates,
    account: { region: arns.region, accountId: arns.accountId },
    arns,
    registry,
    policies,
    shadows: shadows.service,
    rules: platformRules,
    async listen() {
      await app.listen({ host: config.host, port: config.httpPort });
      await awsApi.listen({ host: config.host, port: config.awsApiPort });
      const awsApiPort = (awsApi.server.address() as AddressInfo).port;
      const adminUser = users.findByUsername('admin');
      const firstKey = adminUser
        ? bootstrapAccessKey(
            accessKeys,
            { userId: adminUser.id, username: adminUser.username },
            {
              path: join(config.dataDir, FIRST_ACCESS_KEY_FILE),
              region: config.awsRegion,
              endpointUrl: `https://${urlHost(publicHostName)}:${awsApiPort}`,
              caBundlePath: pki.ca.certificatePath,
            },
          )
        : { created: false as const };
      if (firstKey.created) {
        log.info(
          { accessKeyId: firstKey.accessKeyId, credentialsFile: firstKey.file },
          'created an access key for admin; its secret is only in the credentials file',
        );
      }
      const devicePorts = await devices.listen(config.host, {
        mqtts: config.mqttsPort,
        wss: config.wssPort,
        mqttTcp: config.mqttTcpPort,
      });
      const ports = { http: (app.server.address() as AddressInfo).port, awsApi: awsApiPort, ...devicePorts };
      log.info({ ports, dataDir: config.dataDir }, 'platform ready');
      return ports;
    },
    close() {
      closed ??= (async () => {
        clearInterval(sessionSweep);
        await devices.close();
        await Promise.all([app.close(), awsApi.close(), deviceHttps.close()]);
        await platformRules.close();
        await shadows.close();
        await liveAuthorization.settled();
        await checkpointer?.close();
        db.close();
        log.info('platform stopped');
      })();
      return closed;
    },
  };
}

/** WAL checkpoints off the event loop; without the worker, SQLite's own checkpoints on the main connection. */
async function startCheckpointer(db: Db, log: FastifyInstance['log']): Promise<WalCheckpointer | undefined> {
  try {
    return await startWalCheckpointer(db, {
      onError: (error) => log.error({ err: error }, 'WAL checkpoints are back on the main connection'),
    });
  } catch (error) {
    log.error({ err: error }, 'the WAL checkpoint worker did not start; checkpoints stay on the main connection');
    return undefined;
  }
}

/** The value, or undefined when the request answers ResourceNotFoundException. */
async function orNotFound<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof DomainError && error.type === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** IPv6 addresses need brackets inside a URL. */
const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);
