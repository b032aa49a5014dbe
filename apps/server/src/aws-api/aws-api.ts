import { randomUUID } from 'node:crypto';
import { DomainError } from '@meridian/contracts';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import { requireAccess } from './aws-access.js';
import { AwsApiError } from './aws-api-error.js';
import { toAwsErrorReply } from './aws-error-reply.js';
import { type AwsCaller, type AwsOperation, registerOperations } from './aws-operation.js';
import { verifySigV4 } from './sigv4-verifier.js';

/** The region the platform presents itself as (ARNs, the credentials file); clients may sign for any. */
export const AWS_REGION = 'us-east-1';

/** The port through which the API finds access keys (implemented by the access-keys service). */
export interface AccessKeyResolver {
  /** The secret and owner of an active key; undefined for unknown or revoked keys. */
  credentialsFor(accessKeyId: string): { secretAccessKey: string; owner: AwsCaller } | undefined;
  /** Called once a request signed with the key has been verified. */
  recordUse(accessKeyId: string): void;
}

export interface AwsApiOptions {
  tls: { certificatePem: string; privateKeyPem: string };
  accessKeys: AccessKeyResolver;
  operations: readonly AwsOperation[];
  /** Without one, nothing is logged. */
  logger?: FastifyBaseLogger;
  bodyLimit?: number;
  now?: () => Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on the AWS API instance once the request's signature is verified. */
    awsCaller: AwsCaller | null;
  }
}

/** Epoch seconds for every `Date` in a JSON answer, as restJson1 timestamps are. */
function serializeJson(payload: unknown): string {
  return JSON.stringify(payload, function (this: Record<string, unknown>, key, value) {
    const original = this[key];
    return original instanceof Date ? original.getTime() / 1000 : value;
  });
}

function parseJsonObject(raw: Buffer | undefined): Record<string, unknown> {
  if (!raw || raw.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new DomainError('InvalidRequestException', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DomainError('InvalidRequestException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

const rawBody = (request: FastifyRequest) => (Buffer.isBuffer(request.body) ? request.body : undefined);

/**
 * The AWS-compatible REST API on its own HTTPS listener, following restJson1 as the AWS SDKs and
 * CLI speak it: every request must carry a valid Signature Version 4 of an active access key
 * whose owner's role allows the operation's access level (viewers read, end users nothing);
 * bodies arrive as bytes (so the signature covers exactly what was sent) and become JSON or stay
 * raw per operation; refusals answer `x-amzn-ErrorType` with `{ message }`.
 */
export async function buildAwsApi(options: AwsApiOptions): Promise<FastifyInstance> {
  const now = options.now ?? (() => new Date());
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    https: { key: options.tls.privateKeyPem, cert: options.tls.certificatePem, minVersion: 'TLSv1.2' },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Path labels hold percent-encoded ARNs (ListAttachedPolicies) and topics of up to 256 UTF-8 bytes.
    routerOptions: { maxParamLength: 2048 },
    forceCloseConnections: true,
    genReqId: () => randomUUID(),
    // One line per request, below, with the operation and caller; the default lines would log
    // presigned URLs, whose query is a credential until it expires.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.decorateRequest('awsCaller', null);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.setReplySerializer(serializeJson);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-amzn-RequestId', request.id);
  });
  app.addHook('preValidation', async (request) => {
    const verified = await verifySigV4(
      { method: request.method, url: request.raw.url ?? request.url, headers: request.headers, body: rawBody(request) },
      { credentialsFor: (id) => options.accessKeys.credentialsFor(id), now: now() },
    );
    options.accessKeys.recordUse(verified.accessKeyId);
    request.awsCaller = verified.owner;
    // Before the input is looked at, so a caller without access learns nothing about it.
    const { awsOperation, awsAccess, awsPlane } = request.routeOptions.config;
    if (awsOperation !== undefined) requireAccess(verified.owner, awsOperation, awsAccess, awsPlane);
  });
  app.addHook('preValidation', async (request) => {
    const { awsBody, awsBodyCheck, awsGreedyLabel } = request.routeOptions.config;
    if (awsBody === 'json') {
      request.body = parseJsonObject(rawBody(request));
      const problem = awsBodyCheck?.(request.body);
      if (problem !== undefined) throw new DomainError('InvalidRequestException', problem);
    } else if (awsBody === 'blob') request.body = rawBody(request) ?? Buffer.alloc(0);
    else request.body = undefined;
    if (awsGreedyLabel) {
      const { '*': greedy, ...labels } = request.params as Record<string, string>;
      request.params = { ...labels, [awsGreedyLabel]: greedy };
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        operation: request.routeOptions.config.awsOperation,
        method: request.method,
        path: (request.raw.url ?? '').split('?')[0],
        status: reply.statusCode,
        errorType: reply.getHeader('x-amzn-ErrorType'),
        accessKeyId: request.awsCaller?.accessKeyId,
        ms: Math.round(reply.elapsedTime),
      },
      'aws api request',
    );
  });

  app.setErrorHandler((error, request, reply) => {
    const answer = toAwsErrorReply(error);
    if (answer.unexpected) request.log.error({ err: error }, 'aws api request failed');
    else request.log.debug({ type: answer.type, reason: answer.body.message }, 'aws api request refused');
    const body = request.routeOptions.config.awsErrorBody?.(answer) ?? answer.body;
    return reply.status(answer.statusCode).header('x-amzn-ErrorType', answer.type).send(body);
  });
  app.setNotFoundHandler((request) => {
    throw new AwsApiError(
      'UnknownOperationException',
      `No operation matches ${request.method} ${request.url.split('?')[0]}.`,
    );
  });

  registerOperations(app, options.operations);
  return app;
}
