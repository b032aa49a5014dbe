import type { SessionUser } from '@meridian/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';

export const authQueries = {
  all: () => ['auth'] as const,
  /** The signed-in user; a 401 here means "no session" and sends the user to the login page. */
  me: () =>
    queryOptions({
      queryKey: [...authQueries.all(), 'me'] as const,
      queryFn: ({ signal }) => apiClient.get<SessionUser>('/api/auth/me', { signal }),
      staleTime: 5 * 60_000,
    }),
};
