import { requireRole } from '../auth/require-role.js';

/** Viewers see the registry; changing it takes an operator or admin. */
export const canReadRegistry = requireRole('admin', 'operator', 'viewer');
export const canChangeRegistry = requireRole('admin', 'operator');
