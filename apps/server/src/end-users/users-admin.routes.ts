import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AssignDeviceRequestSchema,
  CreatedInvitationSchema,
  CreateInvitationRequestSchema,
  CreateUserRequestSchema,
  DeviceAssignmentListSchema,
  DeviceAssignmentQuerySchema,
  DeviceAssignmentSchema,
  DomainError,
  InvitationIdParamsSchema,
  InvitationListSchema,
  MyDeviceParamsSchema,
  UpdateUserRequestSchema,
  UserListSchema,
  UsernameParamsSchema,
  UserSummarySchema,
} from '@meridian/contracts';
import { hashPassword } from '../auth/password.js';
import { requireRole } from '../auth/require-role.js';
import type { UserRecord, UsersStore } from '../auth/users.store.js';
import type { DeviceOwnershipStore } from './device-ownership.store.js';
import type { InvitationsStore } from './invitations.store.js';

export interface UsersAdminOptions {
  users: UsersStore;
  invitations: InvitationsStore;
  ownership: DeviceOwnershipStore;
  /** Throws ResourceNotFoundException when the thing does not exist. */
  requireThing(thingName: string): Promise<void>;
}

const DEFAULT_INVITATION_HOURS = 72;

export const isUniqueViolation = (error: unknown) =>
  error instanceof Error && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/** Console API for accounts, invitations and device assignment; admins only. */
export const usersAdminRoutes: FastifyPluginAsyncTypebox<UsersAdminOptions> = async (
  app,
  { users, invitations, ownership, requireThing },
) => {
  app.addHook('onRequest', requireRole('admin'));

  const summary = (user: UserRecord, counts = ownership.deviceCounts()) => ({
    username: user.username,
    role: user.role,
    disabled: user.disabledAt !== undefined,
    createdAt: user.createdAt,
    deviceCount: counts.get(user.id) ?? 0,
  });
  const findUser = (username: string) => {
    const user = users.findByUsername(username);
    if (!user) throw new DomainError('ResourceNotFoundException', `User ${username} not found`);
    return user;
  };
  const notYourself = (username: string, me: string | undefined, action: string) => {
    if (username.toLowerCase() === me?.toLowerCase()) {
      throw new DomainError('ConflictException', `You cannot ${action} your own account`);
    }
  };

  app.get('/users', { schema: { response: { 200: UserListSchema } } }, async () => {
    const counts = ownership.deviceCounts();
    return { users: users.list().map((user) => summary(user, counts)) };
  });

  app.post(
    '/users',
    { schema: { body: CreateUserRequestSchema, response: { 201: UserSummarySchema } } },
    async (request, reply) => {
      const { username, password, role } = request.body;
      const passwordHash = await hashPassword(password);
      let created: UserRecord;
      try {
        created = users.create({ username, passwordHash, role });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new DomainError('ResourceAlreadyExistsException', `User ${username} already exists`);
        }
        throw error;
      }
      request.log.info({ username, role, by: request.session?.username }, 'user created');
      return reply.status(201).send(summary(created));
    },
  );

  app.patch(
    '/users/:username',
    { schema: { params: UsernameParamsSchema, body: UpdateUserRequestSchema, response: { 200: UserSummarySchema } } },
    async (request) => {
      const { username } = request.params;
      if (request.body.disabled) notYourself(username, request.session?.username, 'disable');
      if (!users.setDisabled(username, request.body.disabled)) findUser(username);
      request.log.info({ username, disabled: request.body.disabled, by: request.session?.username }, 'user changed');
      return summary(findUser(username));
    },
  );

  app.delete('/users/:username', { schema: { params: UsernameParamsSchema } }, async (request, reply) => {
    const { username } = request.params;
    notYourself(username, request.session?.username, 'delete');
    if (!users.delete(username)) findUser(username);
    request.log.info({ username, by: request.session?.username }, 'user deleted');
    return reply.status(204).send();
  });

  app.get('/invitations', { schema: { response: { 200: InvitationListSchema } } }, async () => ({
    invitations: invitations.listPending(),
  }));

  app.post(
    '/invitations',
    { schema: { body: CreateInvitationRequestSchema, response: { 201: CreatedInvitationSchema } } },
    async (request, reply) => {
      const hours = request.body.expiresInHours ?? DEFAULT_INVITATION_HOURS;
      const created = invitations.create({
        role: 'end-user',
        createdBy: request.session?.username ?? '',
        ttlMs: hours * 3600_000,
      });
      request.log.info({ invitationId: created.id, by: request.session?.username }, 'invitation created');
      return reply.status(201).send({ ...created, signupPath: `/signup?token=${encodeURIComponent(created.token)}` });
    },
  );

  app.delete('/invitations/:id', { schema: { params: InvitationIdParamsSchema } }, async (request, reply) => {
    if (!invitations.delete(request.params.id)) {
      throw new DomainError('ResourceNotFoundException', `Invitation ${request.params.id} not found`);
    }
    return reply.status(204).send();
  });

  app.get(
    '/device-assignments',
    { schema: { querystring: DeviceAssignmentQuerySchema, response: { 200: DeviceAssignmentListSchema } } },
    async (request) => {
      const { username, thingName } = request.query;
      const userId = username === undefined ? undefined : findUser(username).id;
      return {
        assignments: ownership.list({
          ...(userId === undefined ? {} : { userId }),
          ...(thingName === undefined ? {} : { thingName }),
        }),
      };
    },
  );

  app.put(
    '/device-assignments/:thingName',
    {
      schema: {
        params: MyDeviceParamsSchema,
        body: AssignDeviceRequestSchema,
        response: { 200: DeviceAssignmentSchema },
      },
    },
    async (request) => {
      const { thingName } = request.params;
      const user = findUser(request.body.username);
      if (user.role !== 'end-user') {
        throw new DomainError('InvalidRequestException', `Devices can only be assigned to end users`);
      }
      await requireThing(thingName);
      ownership.assign(thingName, user.id);
      request.log.info({ thingName, username: user.username, by: request.session?.username }, 'device assigned');
      const [assignment] = ownership.list({ thingName });
      return assignment;
    },
  );

  app.delete('/device-assignments/:thingName', { schema: { params: MyDeviceParamsSchema } }, async (request, reply) => {
    const { thingName } = request.params;
    if (!ownership.unassign(thingName)) {
      throw new DomainError('ResourceNotFoundException', `Device ${thingName} is not assigned`);
    }
    request.log.info({ thingName, by: request.session?.username }, 'device unassigned');
    return reply.status(204).send();
  });
};
