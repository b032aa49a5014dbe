import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyWebsocket from '@fastify/websocket';
import { Broker } from '@meridian/broker';
import { loadOrCreatePki, type Pki } from '@meridian/certs';
import type { Health } from '@meridian/contracts';
import Fastify, { type FastifyInstance } from 'fastify';
import { authRoutes } from './auth/auth.routes.js';
import { bootstrapAdmin } from './auth/bootstrap-admin.js';
import { requireSession } from './auth/session-auth.js';
import { SessionsStore } from './auth/sessions.store.js';
import { UsersStore } from './auth/users.store.js';
import { authenticateDevice } from './authenticate-device.js';
import { SqliteRetainedStore } from './broker-stores/sqlite-retained-store.js';
import { SqliteSessionStore } from './broker-stores/sqlite-session-store.js';
import { certificatesRoutes } from './certificates/certificates.routes.js';
import { CertificatesStore } from './certificates/certificates.store.js';
import { DeviceCredentialsService } from './certificates/device-credentials.service.js';
import { clientsRoutes } from './clients/clients.routes.js';
import type { Config } from './config/config.js';
import { type Db, openDatabase } from './db/database.js';
import { type DeviceListenerPorts, DeviceListeners } from './devices/device-listeners.js';
import { installErrorHandler, installNotFoundHandler } from './http/error-handler.js';
import { createMetricsRegistry, installMetricsRoute } from './http/metrics.js';
import { serveWebConsole } from './http/web-console.js';
import { liveRoutes } from './live/live.routes.js';
import { LiveHub } from './live/live-hub.js';
import { publishRoutes } from './live/publish.routes.js';
import { rulesRoutes } from './rules/rules.routes.js';
import { type Rules, rulesSettingsFrom, wireRules } from './rules/rules-wiring.js';

export interface PlatformPorts extends DeviceListenerPorts {
  http: number;
}

export interface Platform {
  app: FastifyInstance;
  broker: Broker;
  db: Db;
  pki: Pki;
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
  const users = new UsersStore(db);
  const sessions = new SessionsStore(db, config.sessionTtlHours * 3600_000);
  const certificates = new CertificatesStore(db);
  const credentials = new DeviceCredentialsService(pki.ca, certificates, config.deviceCertValidityDays);

  const admin = await bootstrapAdmin(users, config.adminPassword);
  if (admin.created && admin.generatedPassword) {
    log.warn(
      { username: 'admin', password: admin.generatedPassword },
      'created the admin account with a generated password; it is shown only this once',
    );
  } else if (admin.created) {
    log.info({ username: 'admin' }, 'created the admin account with the configured password');
  }

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
      awsTopicSemantics: config.mqttAwsTopicSemantics,
    },
    {
      authenticate: authenticateDevice(certificates),
      onBasicIngest: (ruleName, message) => rules?.basicIngest(ruleName, message),
    },
    log.child({ component: 'broker' }),
  );
  const hub = new LiveHub();
  broker.onPublish((message) => hub.dispatch(message));
  const platformRules = await wireRules(broker, db, rulesSettingsFrom(config), log.child({ component: 'rules' }));
  rules = platformRules;
  const devices = new DeviceListeners(
    broker,
    {
      caCertificatePem: pki.ca.certificatePem,
      serverCertificatePem: pki.server.certificatePem,
      serverPrivateKeyPem: pki.server.privateKeyPem,
    },
    log.child({ component: 'device-listeners' }),
    config.mqttTcpPort !== null,
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
      await api.register(authRoutes, { users, sessions });
      await api.register(certificatesRoutes, { store: certificates, credentials });
      await api.register(publishRoutes, { broker });
      await api.register(liveRoutes, { hub, broker, rules: platformRules.engine.monitor });
      await api.register(clientsRoutes, { broker });
      await api.register(rulesRoutes, { rules: platformRules });
    },
    { prefix: '/api' },
  );
  const consoleServed = options.webDistDir ? await serveWebConsole(app, options.webDistDir) : false;
  installNotFoundHandler(app, { spaFallback: consoleServed });

  const sessionSweep = setInterval(() => sessions.deleteExpired(), 3600_000);
  sessionSweep.unref();

  let closed: Promise<void> | undefined;
  return {
    app,
    broker,
    db,
    pki,
    rules: platformRules,
    async listen() {
      await app.listen({ host: config.host, port: config.httpPort });
      const devicePorts = await devices.listen(config.host, {
        mqtts: config.mqttsPort,
        wss: config.wssPort,
        mqttTcp: config.mqttTcpPort,
      });
      const ports = { http: (app.server.address() as AddressInfo).port, ...devicePorts };
      log.info({ ports, dataDir: config.dataDir }, 'platform ready');
      return ports;
    },
    close() {
      closed ??= (async () => {
        clearInterval(sessionSweep);
        await devices.close();
        await platformRules.close();
        await app.close();
        db.close();
        log.info('platform stopped');
      })();
      return closed;
    },
  };
}
