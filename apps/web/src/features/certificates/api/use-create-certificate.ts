import type { CreateDeviceCredentialsRequest, DeviceCredentials } from '@meridian/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { certificateQueries } from './certificate-queries';

export function useCreateCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CreateDeviceCredentialsRequest) =>
      apiClient.post<DeviceCredentials>('/api/certificates', request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: certificateQueries.list().queryKey }),
  });
}
