import type { IConnackPacket, IConnectPacket } from 'mqtt-packet';
import type { Connection, WillMessage } from '../connection.js';
import { isThenable } from '../maybe-promise.js';
import { TokenBucket } from '../rate-limiter.js';
import { ConnackReturnCode, ReasonCode } from '../reason-codes.js';
import { isServiceOwnedTopic } from '../reserved-topics.js';
import type { Session } from '../session.js';
import { InboundTopicAliases, OutboundTopicAliases } from '../topic-aliases.js';
import type { AuthenticateRequest, AuthenticateResult, ClientInfo, DisconnectReason } from '../types.js';
import { forwardedProperties } from './publish.js';

interface Refusal {
  v4: number;
  v5: number;
  reason: DisconnectReason;
}

const refusals = {
  identifierRejected: { v4: ConnackReturnCode.identifierRejected, v5: ReasonCode.clientIdentifierNotValid },
  notAuthorized: { v4: ConnackReturnCode.notAuthorized, v5: ReasonCode.notAuthorized },
  badCredentials: { v4: ConnackReturnCode.badUsernameOrPassword, v5: ReasonCode.badUserNameOrPassword },
  banned: { v4: ConnackReturnCode.notAuthorized, v5: ReasonCode.banned },
  serverUnavailable: { v4: ConnackReturnCode.serverUnavailable, v5: ReasonCode.serverUnavailable },
} as const;

const authRefusals: Record<Extract<AuthenticateResult, { ok: false }>['reason'], Refusal> = {
  'not-authorized': { ...refusals.notAuthorized, reason: 'AUTH_ERROR' },
  'bad-credentials': { ...refusals.badCredentials, reason: 'AUTH_ERROR' },
  banned: { ...refusals.banned, reason: 'FORBIDDEN_ACCESS' },
  'server-unavailable': { ...refusals.serverUnavailable, reason: 'SERVER_ERROR' },
};

/** CONNECT (§3.1): validate, authenticate, take over an existing session, CONNACK. */
export function handleConnect(connection: Connection, packet: IConnectPacket): void | Promise<void> {
  const { core } = connection;
  const { options } = core;
  connection.stopConnectTimer();
  // Persistent sessions are still loading from an asynchronous SessionStore.
  if (core.loading !== undefined) return core.loading.then(() => handleConnect(connection, packet));
  const version = packet.protocolVersion ?? 4;
  connection.protocolVersion = version;
  const v5 = version === 5;

  let clientId = packet.clientId;
  connection.clientId = clientId; // for log lines, also when refused
  let assignedClientId: string | undefined;
  if (clientId.length === 0) {
    // The server assigns an id [MQTT-3.1.3-6] (MQTT 5 returns it in CONNACK [MQTT-3.1.3-7]);
    // 3.1.1 with CleanSession=0 gets CONNACK 0x02 instead [MQTT-3.1.3-8].
    if (!(v5 || (version === 4 && packet.clean === true))) {
      return refuse(connection, { ...refusals.identifierRejected, reason: 'CLIENT_ERROR' }, 'empty client id');
    }
    clientId = core.assignClientId();
    if (v5) assignedClientId = clientId;
  } else if (Buffer.byteLength(clientId) > options.maxClientIdBytes) {
    return refuse(connection, { ...refusals.identifierRejected, reason: 'CLIENT_ERROR' }, 'client id too long');
  }
  connection.clientId = clientId;
  // AWS: at most 1 CONNECT per second per client id (MQTT 5 CONNACK 0x9F; 3.1.1 has no such code: 0x03).
  if (assignedClientId === undefined && !core.connectRate.allow(clientId)) {
    return refuse(
      connection,
      { v4: ConnackReturnCode.serverUnavailable, v5: ReasonCode.connectionRateExceeded, reason: 'THROTTLED' },
      'connect rate exceeded',
    );
  }

  const properties = v5 ? packet.properties : undefined;
  if (properties?.authenticationMethod !== undefined) {
    // Enhanced authentication (AUTH) is not supported [MQTT-4.12.0-1].
    return refuse(
      connection,
      { v4: 0, v5: ReasonCode.badAuthenticationMethod, reason: 'AUTH_ERROR' },
      'enhanced authentication not supported',
    );
  }

  let will: WillMessage | undefined;
  if (packet.will !== undefined) {
    const { topic, qos = 0, retain = false } = packet.will;
    const payload = typeof packet.will.payload === 'string' ? Buffer.from(packet.will.payload) : packet.will.payload;
    if (isServiceOwnedTopic(topic)) {
      // `$aws/events/...` and the shadow response topics are the platform's (AWS §1.2, §5): a will there is not authorized.
      return refuse(connection, { ...refusals.notAuthorized, reason: 'FORBIDDEN_ACCESS' }, 'will on a reserved topic');
    }
    if (!core.isAcceptableTopicName(topic)) {
      if (!v5) return connection.protocolError('invalid will topic');
      return refuse(
        connection,
        { v4: 0, v5: ReasonCode.topicNameInvalid, reason: 'CLIENT_ERROR' },
        'invalid will topic',
      );
    }
    if (payload.length > options.maxPayloadBytes) {
      if (!v5) return connection.protocolError('will payload too large');
      return refuse(connection, { v4: 0, v5: ReasonCode.packetTooLarge, reason: 'CLIENT_ERROR' }, 'will too large');
    }
    will = { topic, payload, qos, retain };
    const forwarded = packet.will.properties === undefined ? undefined : forwardedProperties(packet.will.properties);
    if (forwarded !== undefined) will.properties = forwarded;
    connection.willDelaySeconds = packet.will.properties?.willDelayInterval ?? 0;
  }

  const requestedKeepAlive = packet.keepalive ?? 0;
  const keepAlive =
    requestedKeepAlive === 0 || requestedKeepAlive > options.keepAliveMaxSeconds
      ? options.keepAliveMaxSeconds
      : requestedKeepAlive;

  // Session Expiry Interval: MQTT 5 from CONNECT (default 0), 3.1.1 CleanSession=0 gets the
  // maximum; capped by the option (returned in CONNACK when changed).
  const requestedExpiry = v5 ? (properties?.sessionExpiryInterval ?? 0) : packet.clean === false ? Infinity : 0;
  const sessionExpiry = Math.min(requestedExpiry, options.maxSessionExpirySeconds);
  const cleanStart = packet.clean !== false;

  const accept = (context?: unknown): void => {
    if (connection.state === 'closed') return; // the client left during authentication
    connection.will = will;
    if (properties?.receiveMaximum !== undefined) connection.receiveMaximum = properties.receiveMaximum;
    if (properties?.maximumPacketSize !== undefined) connection.maxOutgoingPacketBytes = properties.maximumPacketSize;
    const { surface } = connection;
    if (v5) surface.inboundAliases = new InboundTopicAliases(options.topicAliasMaximum);
    if (v5 && (properties?.topicAliasMaximum ?? 0) > 0) {
      surface.outboundAliases = new OutboundTopicAliases(properties!.topicAliasMaximum!);
    }
    if (options.publishRatePerSecond > 0) {
      surface.publishBucket = new TokenBucket(options.publishRatePerSecond, options.publishRatePerSecond);
    }
    surface.username = packet.username;
    // Takeover first: the previous connection detaches from (or ends) the session [MQTT-3.1.4-3].
    core.register(connection);
    const { session, present } = core.openSession(connection, cleanStart, sessionExpiry);
    connection.session = session;
    connection.info = clientInfo(connection, session);
    if (context !== undefined) connection.info.context = context;
    connection.state = 'connected';

    // Session Present [MQTT-3.2.2-2], [MQTT-3.2.2-3] (3.1.1), [MQTT-3.2.2-2] (5).
    const connack: IConnackPacket = { cmd: 'connack', sessionPresent: present };
    if (v5) {
      connack.reasonCode = ReasonCode.success;
      connack.properties = {
        receiveMaximum: options.receiveMaximum,
        retainAvailable: true,
        wildcardSubscriptionAvailable: true,
        subscriptionIdentifiersAvailable: true,
        sharedSubscriptionAvailable: true,
        maximumPacketSize: options.maxPacketBytes,
      };
      if (options.topicAliasMaximum > 0) connack.properties.topicAliasMaximum = options.topicAliasMaximum;
      if (assignedClientId !== undefined) connack.properties.assignedClientIdentifier = assignedClientId;
      if (keepAlive !== requestedKeepAlive) connack.properties.serverKeepAlive = keepAlive;
      if (sessionExpiry !== requestedExpiry) connack.properties.sessionExpiryInterval = sessionExpiry;
    } else {
      connack.returnCode = ConnackReturnCode.accepted;
    }
    connection.writeSafely(connack);
    connection.startKeepAlive(keepAlive);
    core.lifecycle.connected(connection);
    // Unacknowledged and queued messages of a resumed session follow the CONNACK [MQTT-4.4.0-1].
    if (present) session.resume(connection);
    core.logger.debug(connection.logContext({ protocolVersion: version }), 'MQTT client connected');
  };

  const authenticate = core.hooks.authenticate;
  if (authenticate === undefined) return accept();

  connection.state = 'connecting';
  const settle = (result: AuthenticateResult): void => {
    if (connection.state === 'closed') return;
    if (result?.ok === true) {
      accept(result.context);
      return;
    }
    const refusal = (result !== undefined && authRefusals[result.reason]) || authRefusals['not-authorized'];
    refuse(connection, refusal, `authentication refused (${result?.reason})`, result?.message);
  };
  const fail = (error: unknown): void => {
    core.logger.warn(connection.logContext({ err: error }), 'MQTT authenticate hook failed');
    settle({ ok: false, reason: 'not-authorized' });
  };
  let result: AuthenticateResult | Promise<AuthenticateResult>;
  try {
    const request: AuthenticateRequest = {
      clientId,
      protocolVersion: version,
      meta: connection.meta,
      persistentSession: sessionExpiry > 0,
    };
    if (will !== undefined) request.will = { topic: will.topic, qos: will.qos, retain: will.retain };
    if (packet.username !== undefined) request.username = packet.username;
    if (packet.password !== undefined) request.password = packet.password;
    result = authenticate.call(core.hooks, request);
  } catch (error) {
    return fail(error);
  }
  if (isThenable(result)) return Promise.resolve(result).then(settle, fail);
  settle(result);
}

/** CONNACK with a refusal code, then close [MQTT-3.2.2-5]. */
function refuse(connection: Connection, refusal: Refusal, why: string, message?: string): void {
  const v5 = connection.protocolVersion === 5;
  connection.core.logger.info(
    connection.logContext({ returnCode: v5 ? refusal.v5 : refusal.v4, detail: message }),
    `MQTT connection refused: ${why}`,
  );
  const connack: IConnackPacket = { cmd: 'connack', sessionPresent: false };
  if (v5) connack.reasonCode = refusal.v5;
  else connack.returnCode = refusal.v4;
  connection.writeSafely(connack);
  connection.close(refusal.reason);
}

function clientInfo(connection: Connection, session: Session): ClientInfo {
  const { meta } = connection;
  const info: Omit<ClientInfo, 'subscriptions'> = {
    clientId: connection.clientId,
    protocolVersion: connection.protocolVersion,
    transport: meta.transport,
    connectedAt: new Date(),
  };
  if (meta.remoteAddress !== undefined) info.remoteAddress = meta.remoteAddress;
  if (meta.certificateId !== undefined) info.certificateId = meta.certificateId;
  // Read when asked (a spread takes a snapshot). One getter for every client, defined after the
  // literal: V8 keeps objects with a getter in the literal, or with a getter of their own, as
  // slow dictionaries (about 0.5 KiB more per connected client).
  sessionOfClient.set(info, session);
  return Object.defineProperty(info, 'subscriptions', {
    get: subscriptionsOfClient,
    enumerable: true,
    configurable: true,
  }) as ClientInfo;
}

const sessionOfClient = new WeakMap<object, Session>();

function subscriptionsOfClient(this: object): ClientInfo['subscriptions'] {
  const session = sessionOfClient.get(this);
  if (session === undefined) return [];
  return Array.from(session.subscriptions.values(), (s) => ({ filter: s.filter, qos: s.qos }));
}
