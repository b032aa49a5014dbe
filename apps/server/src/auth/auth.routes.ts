import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LoginRequestSchema, SessionUserSchema } from '@meridian/contracts';
import { ApiHttpError, AUTH_ERR_INVALID_CREDENTIALS, AUTH_ERR_REQUIRED } from '../http/api-error.js';
import { generatePassword, hashPassword, verifyPassword } from './password.js';
import { SESSION_COOKIE, sessionUser, startSession } from './session-auth.js';
import type { SessionsStore } from './sessions.store.js';
import type { UsersStore } from './users.store.js';

// Verified when the user is unknown, so a wrong username costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;
const unknownUserHash = () => {
  dummyHash ??= hashPassword(generatePassword());
  return dummyHash;
};

export const authRoutes: FastifyPluginAsyncTypebox<{ users: UsersStore; sessions: SessionsStore }> = async (
  app,
  { users, sessions },
) => {
  app.post(
    '/auth/login',
    {
      config: { public: true, endUsers: true },
      schema: { body: LoginRequestSchema, response: { 200: SessionUserSchema } },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const user = users.findByUsername(username);
      const valid = await verifyPassword(user?.passwordHash ?? (await unknownUserHash()), password);
      if (!user || !valid || user.disabledAt !== undefined) {
        request.log.info({ username }, 'login refused');
        throw new ApiHttpError(401, AUTH_ERR_INVALID_CREDENTIALS, 'Wrong username or password');
      }
      startSession(sessions, user.id, request, reply);
      request.log.info({ username: user.username }, 'login');
      return { username: user.username, role: user.role };
    },
  );

  app.post('/auth/logout', { config: { public: true, endUsers: true } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) sessions.delete(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get(
    '/auth/me',
    { config: { endUsers: true }, schema: { response: { 200: SessionUserSchema } } },
    async (request) => {
      if (!request.session) throw new ApiHttpError(401, AUTH_ERR_REQUIRED, 'Sign in to use this API');
      return sessionUser(request.session);
    },
  );
};
