import type { CertificateSummary, SettableCertificateStatus } from '@meridian/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { certificateQueries } from './certificate-queries';

export function useUpdateCertificateStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ certificateId, status }: { certificateId: string; status: SettableCertificateStatus }) =>
      apiClient.put<CertificateSummary>(`/api/certificates/${certificateId}/status`, { status }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: certificateQueries.list().queryKey }),
  });
}

export function useDeleteCertificate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (certificateId: string) =>
      apiClient.delete<void>(`/api/certificates/${certificateId}?forceDelete=true`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: certificateQueries.list().queryKey }),
  });
}
