import type { CreatedThingGroup, CreateThingGroupRequest } from '@meridian/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { thingGroupPath, thingGroupQueries } from './thing-group-queries';
import { thingQueries } from './thing-queries';

export function useCreateThingGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CreateThingGroupRequest) => apiClient.post<CreatedThingGroup>('/api/thing-groups', request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: thingGroupQueries.all() }),
  });
}

export function useDeleteThingGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (groupName: string) => apiClient.delete<void>(thingGroupPath(groupName)),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: thingGroupQueries.all() }),
        // Things lose their membership with the group.
        queryClient.invalidateQueries({ queryKey: thingQueries.details() }),
      ]),
  });
}
