import type { SessionUser } from '@meridian/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiHttpError, AUTH_ERR_REQUIRED, AUTH_ERR_SESSION_EXPIRED } from '../http/api-error.js';
import type { SessionRecord, SessionsStore } from './sessions.store.js';

export const SESSION_COOKIE = 'meridian_session';

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionRecord | null;
  }
  interface FastifyContextConfig {
    /** Routes that answer without a console session (login, health). */
    public?: boolean;
  }
}

export function sessionUser(session: SessionRecord): SessionUser {
  return { username: session.username, role: session.role };
}

/** onRequest hook for `/api`: every route needs a live session unless marked `config.public`. */
export function requireSession(sessions: SessionsStore) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    request.session = null;
    const token = request.cookies[SESSION_COOKIE];
    const lookup = token ? sessions.lookup(token) : ({ status: 'unknown' } as const);
    if (lookup.status === 'valid') {
      request.session = lookup.session;
      return;
    }
    if (request.routeOptions.config.public) return;
    if (lookup.status === 'expired') {
      throw new ApiHttpError(401, AUTH_ERR_SESSION_EXPIRED, 'Your session has expired; sign in again');
    }
    throw new ApiHttpError(401, AUTH_ERR_REQUIRED, 'Sign in to use this API');
  };
}

/** Creates a session for the user and hands its token to the browser as an HttpOnly cookie. */
export function startSession(sessions: SessionsStore, userId: number, request: FastifyRequest, reply: FastifyReply) {
  const { token, expiresAt } = sessions.create(userId);
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    expires: expiresAt,
  });
}
