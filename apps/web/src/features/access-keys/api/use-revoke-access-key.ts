import type { AccessKeySummary } from '@meridian/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { accessKeyQueries } from './access-key-queries';

export function useRevokeAccessKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (accessKeyId: string) =>
      apiClient.post<AccessKeySummary>(`/api/access-keys/${encodeURIComponent(accessKeyId)}/revoke`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessKeyQueries.list().queryKey }),
  });
}
