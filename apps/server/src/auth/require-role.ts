import type { Role } from '@meridian/contracts';
import type { FastifyRequest } from 'fastify';
import { ApiHttpError, AUTH_ERR_FORBIDDEN } from '../http/api-error.js';

/** preHandler that lets only the given roles through (the session itself is checked earlier). */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest) => {
    const role = request.session?.role;
    if (!role || !roles.includes(role)) {
      throw new ApiHttpError(403, AUTH_ERR_FORBIDDEN, `This action needs one of the roles: ${roles.join(', ')}`);
    }
  };
}
