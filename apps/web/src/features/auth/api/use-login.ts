import type { LoginRequest, SessionUser } from '@meridian/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { authQueries } from './auth-queries';

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    // A 401 here is a wrong username or password, not a lost session: no redirect.
    mutationFn: (credentials: LoginRequest) =>
      apiClient.post<SessionUser>('/api/auth/login', credentials, { skipUnauthorizedRedirect: true }),
    onSuccess: (user) => {
      queryClient.setQueryData(authQueries.me().queryKey, user);
    },
  });
}
