import type { FastifyRequest } from 'fastify';
import { ApiHttpError, AUTH_ERR_FORBIDDEN } from '../http/api-error.js';
import type { DeviceOwnershipStore } from './device-ownership.store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Routes an end user may call (sign-in, My devices, the live socket); every other route refuses them. */
    endUsers?: boolean;
  }
}

/**
 * onRequest hook for `/api`, after the session hook: end users are refused (403) on every route not marked
 * `config.endUsers`, so an operator route added later is closed to them without anyone remembering to.
 */
export async function confineEndUsers(request: FastifyRequest): Promise<void> {
  if (request.session?.role !== 'end-user' || request.routeOptions.config.endUsers) return;
  throw new ApiHttpError(403, AUTH_ERR_FORBIDDEN, 'End users can only use My devices');
}

const PRESENCE = /^\$aws\/events\/presence\/(?:connected|disconnected)\/([^/]+)$/;
const SHADOW = /^\$aws\/things\/([^/]+)\/shadow\/update\/(?:documents|accepted)$/;

/**
 * The live topics an end user may receive: lifecycle events of their devices (client id = thing name) and
 * the classic shadow's `update/documents` and `update/accepted` of their devices. Ownership is read per
 * message, so an unassigned device stops streaming at once.
 */
export function endUserLiveTopics(
  ownership: Pick<DeviceOwnershipStore, 'isOwnedBy'>,
  userId: number,
): (topic: string) => boolean {
  return (topic) => {
    const thingName = PRESENCE.exec(topic)?.[1] ?? SHADOW.exec(topic)?.[1];
    return thingName !== undefined && ownership.isOwnedBy(thingName, userId);
  };
}
