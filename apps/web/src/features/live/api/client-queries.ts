import type { ConnectedClientList } from '@meridian/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';

/** How often the Connected clients table asks the server again. */
export const CLIENTS_POLL_INTERVAL_MS = 3000;

export const clientQueries = {
  all: () => ['clients'] as const,
  /** MQTT clients connected to the broker, oldest connection first; polled while shown. */
  list: () =>
    queryOptions({
      queryKey: [...clientQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => apiClient.get<ConnectedClientList>('/api/clients', { signal }),
      select: (data) => data.clients,
      refetchInterval: CLIENTS_POLL_INTERVAL_MS,
    }),
};
