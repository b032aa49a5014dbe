import type { CertificateList } from '@meridian/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';

export const certificateQueries = {
  all: () => ['certificates'] as const,
  list: () =>
    queryOptions({
      queryKey: [...certificateQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => apiClient.get<CertificateList>('/api/certificates', { signal }),
      select: (data) => data.certificates,
    }),
};
