import type { MyDevice } from '@meridian/contracts';
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { newerDevice } from '../utils/live-updates';
import { myDevicePath, myDeviceQueries } from './my-device-queries';

function storeDevice(queryClient: QueryClient, device: MyDevice) {
  queryClient.setQueryData(myDeviceQueries.list().queryKey, (devices) => {
    if (devices === undefined) return [device];
    const known = devices.some((current) => current.thingName === device.thingName);
    if (!known) return [...devices, device].sort((a, b) => a.thingName.localeCompare(b.thingName));
    return devices.map((current) => (current.thingName === device.thingName ? newerDevice(current, device) : current));
  });
}

/** Writes desired state for one device. */
export function useSetDesired(thingName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (state: Record<string, boolean | number | string>) =>
      apiClient.post<MyDevice>(`${myDevicePath(thingName)}/desired`, { state }),
    onSuccess: (device) => storeDevice(queryClient, device),
  });
}

export function useClaimDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => apiClient.post<MyDevice>('/api/my/claims', { code }),
    onSuccess: (device) => storeDevice(queryClient, device),
  });
}
