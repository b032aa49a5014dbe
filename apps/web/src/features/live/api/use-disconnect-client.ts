import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { clientQueries } from './client-queries';

export function useDisconnectClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clientId: string) => apiClient.delete<void>(`/api/clients/${encodeURIComponent(clientId)}`),
    // Also after a 404: the client is gone either way, so the table should catch up.
    onSettled: () => queryClient.invalidateQueries({ queryKey: clientQueries.list().queryKey }),
  });
}
