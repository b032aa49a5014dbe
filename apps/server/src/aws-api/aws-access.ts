import type { Role } from '@meridian/contracts';
import { AwsApiError } from './aws-api-error.js';
import type { AwsAccess, AwsCaller } from './aws-operation.js';

/** The operation levels each role's access keys may use; the same split as the console's roles. */
const ALLOWED: Readonly<Record<Role, readonly AwsAccess[]>> = {
  admin: ['read', 'write'],
  operator: ['read', 'write'],
  viewer: ['read'],
  'end-user': [],
};

export function mayCall(role: Role, access: AwsAccess): boolean {
  return ALLOWED[role].includes(access);
}

/**
 * Refuses an operation the caller's role does not allow with a 403 worded as AWS words an IAM
 * denial: AccessDeniedException on the control plane, ForbiddenException (the data plane's 403) on
 * the data plane. An operation without a level counts as `write`, the stricter one.
 */
export function requireAccess(
  caller: AwsCaller,
  operation: string,
  access: AwsAccess = 'write',
  plane: 'control' | 'data' = 'control',
): void {
  if (mayCall(caller.role, access)) return;
  throw new AwsApiError(
    plane === 'data' ? 'ForbiddenException' : 'AccessDeniedException',
    `User: ${caller.username} (role ${caller.role}) is not authorized to perform: iot:${operation}`,
  );
}
