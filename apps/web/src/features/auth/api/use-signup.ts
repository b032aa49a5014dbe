import type { SessionUser, SignupRequest } from '@meridian/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { authQueries } from './auth-queries';

/** Creates the account of an invitation; the server signs it in at once. */
export function useSignup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: SignupRequest) =>
      apiClient.post<SessionUser>('/api/auth/signup', request, { skipUnauthorizedRedirect: true }),
    onSuccess: (user) => {
      queryClient.setQueryData(authQueries.me().queryKey, user);
    },
  });
}
