import type { CaCertificateList, RegistrationCode } from '@meridian/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';

export const caCertificateQueries = {
  all: () => ['ca-certificates'] as const,
  list: () =>
    queryOptions({
      queryKey: [...caCertificateQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => apiClient.get<CaCertificateList>('/api/ca-certificates', { signal }),
      select: (data) => data.caCertificates,
    }),
  registrationCode: () =>
    queryOptions({
      queryKey: [...caCertificateQueries.all(), 'registration-code'] as const,
      queryFn: ({ signal }) => apiClient.get<RegistrationCode>('/api/ca-certificates/registration-code', { signal }),
      select: (data) => data.registrationCode,
      // The code is stable: no need to ask again while the page is open.
      staleTime: Number.POSITIVE_INFINITY,
    }),
};
