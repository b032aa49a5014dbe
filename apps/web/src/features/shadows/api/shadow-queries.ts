import {
  CLASSIC_SHADOW,
  type ShadowDocument,
  type ShadowList,
  type ShadowVersionDocument,
  type ShadowVersionList,
} from '@meridian/contracts';
import { type QueryClient, queryOptions } from '@tanstack/react-query';
import { apiClient, isApiRequestError } from '../../../lib/api-client';

/** Versions listed in the history. */
export const HISTORY_PAGE_SIZE = 25;

export { CLASSIC_SHADOW };

export const shadowsPath = (thingName: string) => `/api/things/${encodeURIComponent(thingName)}/shadows`;
/** `shadowName` is `CLASSIC_SHADOW` for the classic shadow. */
export const shadowPath = (thingName: string, shadowName: string) =>
  `${shadowsPath(thingName)}/${encodeURIComponent(shadowName)}`;

export const shadowQueries = {
  all: () => ['shadows'] as const,
  ofThing: (thingName: string) => [...shadowQueries.all(), thingName] as const,
  /** Whether the classic shadow exists, and the named shadows. */
  list: (thingName: string) =>
    queryOptions({
      queryKey: [...shadowQueries.ofThing(thingName), 'list'] as const,
      queryFn: ({ signal }) => apiClient.get<ShadowList>(shadowsPath(thingName), { signal }),
    }),
  ofShadow: (thingName: string, shadowName: string) => [...shadowQueries.ofThing(thingName), shadowName] as const,
  /** The whole document; `null` while the shadow does not exist (never updated, or deleted). */
  detail: (thingName: string, shadowName: string) =>
    queryOptions({
      queryKey: [...shadowQueries.ofShadow(thingName, shadowName), 'document'] as const,
      queryFn: async ({ signal }): Promise<ShadowDocument | null> => {
        try {
          return await apiClient.get<ShadowDocument>(shadowPath(thingName, shadowName), { signal });
        } catch (error) {
          if (isApiRequestError(error) && error.status === 404) return null;
          throw error;
        }
      },
    }),
  versions: (thingName: string, shadowName: string) =>
    queryOptions({
      queryKey: [...shadowQueries.ofShadow(thingName, shadowName), 'versions'] as const,
      queryFn: ({ signal }) =>
        apiClient.get<ShadowVersionList>(`${shadowPath(thingName, shadowName)}/versions?limit=${HISTORY_PAGE_SIZE}`, {
          signal,
        }),
    }),
  /** A kept version never changes once written. */
  version: (thingName: string, shadowName: string, version: number) =>
    queryOptions({
      queryKey: [...shadowQueries.ofShadow(thingName, shadowName), 'version', version] as const,
      queryFn: ({ signal }) =>
        apiClient.get<ShadowVersionDocument>(`${shadowPath(thingName, shadowName)}/versions/${version}`, { signal }),
      staleTime: Number.POSITIVE_INFINITY,
    }),
};

/** After a change: the thing's shadow list, the shadow's document and its history (kept versions never change). */
export function refreshShadow(queryClient: QueryClient, thingName: string, shadowName: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: shadowQueries.list(thingName).queryKey }),
    queryClient.invalidateQueries({ queryKey: shadowQueries.detail(thingName, shadowName).queryKey }),
    queryClient.invalidateQueries({ queryKey: shadowQueries.versions(thingName, shadowName).queryKey }),
  ]);
}
