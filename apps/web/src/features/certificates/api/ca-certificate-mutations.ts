import type {
  CaCertificateSummary,
  RegisterCaCertificateRequest,
  UpdateCaCertificateRequest,
} from '@meridian/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { caCertificateQueries } from './ca-certificate-queries';
import { certificateQueries } from './certificate-queries';

export function useRegisterCaCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RegisterCaCertificateRequest) =>
      apiClient.post<CaCertificateSummary>('/api/ca-certificates', request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: caCertificateQueries.list().queryKey }),
  });
}

export function useUpdateCaCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ caCertificateId, ...changes }: UpdateCaCertificateRequest & { caCertificateId: string }) =>
      apiClient.put<CaCertificateSummary>(`/api/ca-certificates/${caCertificateId}`, changes),
    onSettled: () => queryClient.invalidateQueries({ queryKey: caCertificateQueries.list().queryKey }),
  });
}

export function useDeleteCaCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (caCertificateId: string) => apiClient.delete<void>(`/api/ca-certificates/${caCertificateId}`),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: caCertificateQueries.list().queryKey });
      void queryClient.invalidateQueries({ queryKey: certificateQueries.list().queryKey });
    },
  });
}
