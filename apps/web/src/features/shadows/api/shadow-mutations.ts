import type {
  ShadowConflictDetails,
  ShadowDeleted,
  ShadowDocument,
  ShadowUpdateAccepted,
  ShadowUpdateRequest,
} from '@meridian/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient, isApiRequestError } from '../../../lib/api-client';
import { refreshShadow, shadowPath } from './shadow-queries';

function useInvalidateShadow(thingName: string, shadowName: string) {
  const queryClient = useQueryClient();
  return () => refreshShadow(queryClient, thingName, shadowName);
}

export function useUpdateShadow(thingName: string, shadowName: string) {
  const invalidate = useInvalidateShadow(thingName, shadowName);
  return useMutation({
    mutationFn: (request: ShadowUpdateRequest) =>
      apiClient.post<ShadowUpdateAccepted>(shadowPath(thingName, shadowName), request),
    onSettled: invalidate,
  });
}

export function useDeleteShadow(thingName: string, shadowName: string) {
  const invalidate = useInvalidateShadow(thingName, shadowName);
  return useMutation({
    mutationFn: () => apiClient.delete<ShadowDeleted>(shadowPath(thingName, shadowName)),
    onSettled: invalidate,
  });
}

/** The 409 answer to an update with a stale version: the shadow as it is now (`null`: gone). */
export function versionConflictOf(error: unknown): { current: ShadowDocument | null } | undefined {
  if (!isApiRequestError(error) || error.status !== 409) return undefined;
  const details = error.details as Partial<ShadowConflictDetails> | undefined;
  return { current: details?.current ?? null };
}
