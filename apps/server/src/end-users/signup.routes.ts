import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError, SessionUserSchema, SignupRequestSchema } from '@meridian/contracts';
import { hashPassword } from '../auth/password.js';
import { startSession } from '../auth/session-auth.js';
import type { SessionsStore } from '../auth/sessions.store.js';
import type { UsersStore } from '../auth/users.store.js';
import type { InvitationsStore } from './invitations.store.js';
import { isUniqueViolation } from './users-admin.routes.js';

/** Sign-up with an invitation token: creates the account with the invitation's role and signs it in. */
export const signupRoutes: FastifyPluginAsyncTypebox<{
  users: UsersStore;
  sessions: SessionsStore;
  invitations: InvitationsStore;
}> = async (app, { users, sessions, invitations }) => {
  app.post(
    '/auth/signup',
    {
      config: { public: true, endUsers: true },
      schema: { body: SignupRequestSchema, response: { 201: SessionUserSchema } },
    },
    async (request, reply) => {
      const { token, username, password } = request.body;
      const passwordHash = await hashPassword(password);
      let created: ReturnType<UsersStore['create']> | undefined;
      try {
        created = invitations.redeem(token, (role) => users.create({ username, passwordHash, role }));
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new DomainError('ResourceAlreadyExistsException', `The username ${username} is taken`);
        }
        throw error;
      }
      if (created === undefined) {
        throw new DomainError(
          'InvalidRequestException',
          'This invitation is not valid; it may have expired or been used',
        );
      }
      startSession(sessions, created.id, request, reply);
      request.log.info({ username: created.username, role: created.role }, 'signed up with an invitation');
      return reply.status(201).send({ username: created.username, role: created.role });
    },
  );
};
