import type { CreatedThingType, CreateThingTypeRequest, ThingTypeControlHints } from '@meridian/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { thingTypePath, thingTypeQueries } from './thing-type-queries';

export function useCreateThingType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CreateThingTypeRequest) => apiClient.post<CreatedThingType>('/api/thing-types', request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: thingTypeQueries.all() }),
  });
}

export type ThingTypeAction = 'deprecate' | 'undeprecate' | 'delete';

export function useThingTypeAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ thingTypeName, action }: { thingTypeName: string; action: ThingTypeAction }) =>
      action === 'delete'
        ? apiClient.delete<void>(thingTypePath(thingTypeName))
        : apiClient.post<void>(`${thingTypePath(thingTypeName)}/${action}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: thingTypeQueries.all() }),
  });
}

/** Replaces the type's whole set of control hints. */
export function useSaveControlHints(thingTypeName: string) {
  const queryClient = useQueryClient();
  const { queryKey } = thingTypeQueries.controlHints(thingTypeName);
  return useMutation({
    mutationFn: (hints: ThingTypeControlHints['hints']) =>
      apiClient.put<ThingTypeControlHints>(`${thingTypePath(thingTypeName)}/control-hints`, { hints }),
    onSuccess: (saved) => queryClient.setQueryData(queryKey, saved),
  });
}
