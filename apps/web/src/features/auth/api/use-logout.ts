import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { apiClient } from '../../../lib/api-client';

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => apiClient.post<void>('/api/auth/logout'),
    // Whatever the answer, leave the console and drop everything cached from this session.
    // Navigate first so no mounted query refetches (and 401s) after the cache is cleared.
    onSettled: () => {
      navigate('/login', { replace: true });
      queryClient.clear();
    },
  });
}
