import type { AccessKeyList } from '@meridian/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';

export const accessKeyQueries = {
  all: () => ['access-keys'] as const,
  list: () =>
    queryOptions({
      queryKey: [...accessKeyQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => apiClient.get<AccessKeyList>('/api/access-keys', { signal }),
      select: (data) => data.accessKeys,
    }),
};
