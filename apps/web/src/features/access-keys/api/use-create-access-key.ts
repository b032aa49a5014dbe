import type { CreateAccessKeyRequest, CreatedAccessKey } from '@meridian/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { accessKeyQueries } from './access-key-queries';

export function useCreateAccessKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CreateAccessKeyRequest) => apiClient.post<CreatedAccessKey>('/api/access-keys', request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accessKeyQueries.list().queryKey }),
  });
}
