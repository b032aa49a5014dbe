import { type ApiError, DomainError } from '@meridian/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiHttpError, REQUEST_ERR_INVALID, REQUEST_ERR_NOT_FOUND, SERVER_ERR_INTERNAL } from './api-error.js';

/** The one place that turns thrown errors into `{ code, message }` answers; 5xx details stay in the log. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiHttpError | DomainError, request, reply) => {
    if (error instanceof DomainError && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ code: error.type, message: error.message } satisfies ApiError);
    }
    if (error instanceof ApiHttpError) {
      return reply.status(error.statusCode).send({ code: error.code, message: error.message } satisfies ApiError);
    }
    if (error instanceof DomainError) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ code: SERVER_ERR_INTERNAL, message: 'Internal server error' } satisfies ApiError);
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      const body: ApiError = {
        code: error.validation ? REQUEST_ERR_INVALID : (error.code ?? REQUEST_ERR_INVALID),
        message: error.message,
      };
      request.log.info({ code: body.code, status }, 'request refused: %s', error.message);
      return reply.status(status).send(body);
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ code: SERVER_ERR_INTERNAL, message: 'Internal server error' } satisfies ApiError);
  });
}

/** Unknown API routes answer JSON 404; with the console served, other GETs get its app shell. */
export function installNotFoundHandler(app: FastifyInstance, options: { spaFallback: boolean }): void {
  app.setNotFoundHandler((request, reply) => {
    // Console routes (/live, /certificates, ...) are client-side: the browser gets the app shell.
    if (options.spaFallback && request.method === 'GET' && !isApiPath(request.url)) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({
      code: REQUEST_ERR_NOT_FOUND,
      message: `Route ${request.method} ${request.url.split('?')[0]} not found`,
    } satisfies ApiError);
  });
}

const isApiPath = (url: string) =>
  url === '/api' || url.startsWith('/api/') || url.startsWith('/api?') || url === '/health';
