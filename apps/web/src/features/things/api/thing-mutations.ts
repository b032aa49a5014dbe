import type { ClaimCode, CreatedThing, CreateThingRequest, UpdateThingRequest } from '@meridian/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { thingGroupPath, thingGroupQueries } from './thing-group-queries';
import { thingPath, thingQueries } from './thing-queries';

export function useCreateThing() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CreateThingRequest) => apiClient.post<CreatedThing>('/api/things', request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: thingQueries.lists() }),
  });
}

/** Invalidates the thing's page and the lists that show it, after success or failure alike. */
function useThingMutation<T>(thingName: string, mutationFn: (variables: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: thingQueries.detail(thingName).queryKey }),
        queryClient.invalidateQueries({ queryKey: thingQueries.lists() }),
      ]),
  });
}

export function useUpdateThing(thingName: string) {
  return useThingMutation(thingName, (request: UpdateThingRequest) =>
    apiClient.patch<void>(thingPath(thingName), request),
  );
}

export function useDeleteThing(thingName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (expectedVersion: number) =>
      apiClient.delete<void>(`${thingPath(thingName)}?expectedVersion=${expectedVersion}`),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: thingQueries.detail(thingName).queryKey });
      return queryClient.invalidateQueries({ queryKey: thingQueries.lists() });
    },
  });
}

const certificatePath = (thingName: string, certificateId: string) =>
  `${thingPath(thingName)}/certificates/${encodeURIComponent(certificateId)}`;

export function useAttachCertificate(thingName: string) {
  return useThingMutation(thingName, (certificateId: string) =>
    apiClient.put<void>(certificatePath(thingName, certificateId)),
  );
}

export function useDetachCertificate(thingName: string) {
  return useThingMutation(thingName, (certificateId: string) =>
    apiClient.delete<void>(certificatePath(thingName, certificateId)),
  );
}

const memberPath = (groupName: string, thingName: string) =>
  `${thingGroupPath(groupName)}/things/${encodeURIComponent(thingName)}`;

/** Adds the thing to a group, or removes it; the group's member lists are refreshed too. */
export function useGroupMembership(thingName: string, change: 'add' | 'remove') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (groupName: string) =>
      change === 'add'
        ? apiClient.put<void>(memberPath(groupName, thingName))
        : apiClient.delete<void>(memberPath(groupName, thingName)),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: thingQueries.detail(thingName).queryKey }),
        queryClient.invalidateQueries({ queryKey: thingGroupQueries.all() }),
      ]),
  });
}

/** A one-time code to print with the device; an end user types it on My devices to claim the device. */
export function useCreateClaimCode(thingName: string) {
  return useMutation({
    mutationFn: () => apiClient.post<ClaimCode>('/api/claim-codes', { thingName }),
  });
}
