import type { PublishRequest } from '@meridian/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';

export function usePublish() {
  return useMutation({
    mutationFn: (request: PublishRequest) => apiClient.post<Record<string, never>>('/api/publish', request),
  });
}
