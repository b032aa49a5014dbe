import type { CreatedThingType, CreateThingTypeRequest } from '@meridian/contracts';
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
