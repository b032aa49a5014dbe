import type { MyDevice, MyDeviceList, MySettings } from '@meridian/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';

export const myDevicePath = (thingName: string) => `/api/my/devices/${encodeURIComponent(thingName)}`;

export const myDeviceQueries = {
  all: () => ['my-devices'] as const,
  /** The signed-in end user's devices; kept current by live presence and shadow messages. */
  list: () =>
    queryOptions({
      queryKey: [...myDeviceQueries.all(), 'list'] as const,
      queryFn: async ({ signal }): Promise<MyDevice[]> =>
        (await apiClient.get<MyDeviceList>('/api/my/devices', { signal })).devices,
    }),
  settings: () =>
    queryOptions({
      queryKey: [...myDeviceQueries.all(), 'settings'] as const,
      queryFn: ({ signal }) => apiClient.get<MySettings>('/api/my/settings', { signal }),
      staleTime: Number.POSITIVE_INFINITY,
    }),
};
