import { useQuery } from '@tanstack/react-query';
import { authQueries } from '../api/auth-queries';

/**
 * Whether the signed-in user may change what the console shows: admins and operators may, viewers
 * only read (the server refuses their writes with 403). False until the session is known.
 */
export function useCanWrite(): boolean {
  const role = useQuery(authQueries.me()).data?.role;
  return role === 'admin' || role === 'operator';
}
