import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Broker } from '@meridian/broker';
import { DomainError, type IotArns } from '@meridian/contracts';
import type { ShadowService } from '@meridian/shadow';
import { type Static, Type } from '@sinclair/typebox';
import Fastify, { type FastifyBaseLogger, type FastifyRequest, LogController } from 'fastify';
import type { CertificateGrant, DeviceAuthorizer } from '../authorization/device-authorizer.js';
import { toAwsErrorReply } from '../aws-api/aws-error-reply.js';
import { PublishHeaders, PublishQuery, publishOverHttp } from '../aws-api/broker-data-plane.operations.js';
import {
  ListNamedShadowsQuery,
  ShadowQuery,
  shadowErrorDocument,
  ThingLabel,
} from '../aws-api/shadow-data-plane.operations.js';
import type { DeviceAdmission } from '../certificates/device-admission.js';
import type { ShadowPrincipal } from '../shadows/shadow-access.js';
import { peerCertificate } from './peer-certificate.js';

export interface DeviceHttpsPorts {
  admission: Pick<DeviceAdmission, 'admit'>;
  authorizer: Pick<DeviceAuthorizer, 'certificateGrant' | 'decide' | 'mayPublish'>;
  arns: IotArns;
  shadows: ShadowService<ShadowPrincipal>;
  broker: Broker;
  logger: FastifyBaseLogger;
}

/** Node's request handler for the device HTTPS requests, and how to stop it. */
export interface DeviceHttps {
  handle(request: IncomingMessage, response: ServerResponse): void;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on the device HTTPS instance once the client certificate is admitted. */
    deviceGrant: CertificateGrant | null;
  }
  interface FastifyContextConfig {
    /** Refusals of shadow routes carry the shadow error document. */
    shadowRoute?: boolean;
  }
}

const TopicParams = Type.Object({ '*': Type.String({ minLength: 1 }) });

/**
 * AWS IoT's device HTTPS endpoint: on the device port that also serves MQTT over WebSocket (8443,
 * as on AWS), a device calls the shadow REST API (Get/Update/DeleteThingShadow,
 * ListNamedShadowsForThing) and Publish (`POST /topics/{topic}`) authenticated by its client
 * certificate instead of a SigV4 signature. The certificate must be one that could connect over
 * MQTT (registered, ACTIVE, its CA ACTIVE), and each call is decided by the certificate's IoT
 * policies: `iot:GetThingShadow`/`UpdateThingShadow`/`DeleteThingShadow` on `thing/{thing}` or
 * `thing/{thing}/{shadow}`, `iot:ListNamedShadowsForThing` on `thing/{thing}`, `iot:Publish` (and
 * `iot:RetainPublish` for a retained message) on `topic/{topic}`. HTTP requests have no client id
 * and no thing, so those policy variables do not resolve (reference §3.4).
 */
export async function buildDeviceHttps(ports: DeviceHttpsPorts): Promise<DeviceHttps> {
  const { admission, authorizer, arns, shadows, broker } = ports;
  let route: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  const app = Fastify({
    loggerInstance: ports.logger,
    // Fastify routes the requests the device listener hands it; it never listens itself.
    serverFactory: (handler) => {
      route = handler;
      return createServer();
    },
    // A shadow request is at most 8 KB and a publish 128 KB by default; the services check their limits.
    bodyLimit: Math.max(broker.options.maxPayloadBytes, 256 * 1024),
    routerOptions: { maxParamLength: 2048 },
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.decorateRequest('deviceGrant', null);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', async (request) => {
    const certificate = peerCertificate(request.raw.socket as TLSSocket);
    if (certificate === undefined) {
      throw new DomainError('UnauthorizedException', 'A client certificate is required');
    }
    const admitted = admission.admit(certificate.certificateId, certificate.certificateDer);
    if (!admitted.ok) throw new DomainError('UnauthorizedException', admitted.message);
    request.deviceGrant = await authorizer.certificateGrant(
      certificate.certificateId,
      request.raw.socket.remoteAddress,
    );
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, path: (request.raw.url ?? '').split('?')[0], status: reply.statusCode },
      'device https request',
    );
  });
  app.setErrorHandler((error, request, reply) => {
    const answer = toAwsErrorReply(error);
    if (answer.unexpected) request.log.error({ err: error }, 'device https request failed');
    const body = request.routeOptions.config.shadowRoute ? shadowErrorDocument(answer) : answer.body;
    return reply.status(answer.statusCode).header('x-amzn-ErrorType', answer.type).send(body);
  });
  app.setNotFoundHandler((request) => {
    throw new DomainError(
      'InvalidRequestException',
      `No operation matches ${request.method} ${request.url.split('?')[0]}`,
    );
  });

  const grantOf = (request: FastifyRequest): CertificateGrant => request.deviceGrant as CertificateGrant;
  const devicePrincipal = (request: FastifyRequest): ShadowPrincipal => {
    const grant = grantOf(request);
    return {
      device: {
        allows: (action, thingName, shadowName) =>
          authorizer.decide(grant, action, arns.thing(thingName, shadowName)).allowed,
      },
    };
  };
  const body = (request: FastifyRequest): Buffer => (Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));

  type ShadowRoute = { Params: Static<typeof ThingLabel>; Querystring: Static<typeof ShadowQuery> };
  const shadowRoute = { schema: { params: ThingLabel, querystring: ShadowQuery }, config: { shadowRoute: true } };
  app.get<ShadowRoute>('/things/:thingName/shadow', shadowRoute, (request) =>
    shadows.getShadow({
      thingName: request.params.thingName,
      shadowName: request.query.name,
      principal: devicePrincipal(request),
    }),
  );
  app.post<ShadowRoute>('/things/:thingName/shadow', shadowRoute, (request) =>
    shadows.updateShadow({
      thingName: request.params.thingName,
      shadowName: request.query.name,
      principal: devicePrincipal(request),
      payload: body(request),
    }),
  );
  app.delete<ShadowRoute>('/things/:thingName/shadow', shadowRoute, (request) =>
    shadows.deleteShadow({
      thingName: request.params.thingName,
      shadowName: request.query.name,
      principal: devicePrincipal(request),
    }),
  );
  app.get<{ Params: Static<typeof ThingLabel>; Querystring: Static<typeof ListNamedShadowsQuery> }>(
    '/api/things/shadow/ListNamedShadowsForThing/:thingName',
    { schema: { params: ThingLabel, querystring: ListNamedShadowsQuery }, config: { shadowRoute: true } },
    (request) =>
      shadows.listNamedShadows({
        ...request.query,
        thingName: request.params.thingName,
        principal: devicePrincipal(request),
      }),
  );
  app.post<{
    Params: Static<typeof TopicParams>;
    Querystring: Static<typeof PublishQuery>;
    Headers: Static<typeof PublishHeaders>;
  }>(
    '/topics/*',
    { schema: { params: TopicParams, querystring: PublishQuery, headers: PublishHeaders } },
    (request) => {
      const topic = request.params['*'];
      if (!authorizer.mayPublish(grantOf(request), topic, request.query.retain === true)) {
        throw new DomainError('ForbiddenException', `The certificate's policies do not allow publishing to ${topic}`);
      }
      publishOverHttp(broker, topic, body(request), request.query, request.headers);
      return { message: 'OK' };
    },
  );

  await app.ready();
  const handle = route;
  if (handle === undefined) throw new Error('Fastify did not hand over its request handler');
  return { handle, close: () => app.close() };
}
