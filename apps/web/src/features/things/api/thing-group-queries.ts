import type { ThingGroupDetail, ThingGroupList, ThingNameList } from '@meridian/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';

/** The largest page the API gives; the console shows one page of groups. */
const MAX_RESULTS = 250;

export const thingGroupPath = (groupName: string) => `/api/thing-groups/${encodeURIComponent(groupName)}`;

export const thingGroupQueries = {
  all: () => ['thing-groups'] as const,
  list: () =>
    queryOptions({
      queryKey: [...thingGroupQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => apiClient.get<ThingGroupList>(`/api/thing-groups?maxResults=${MAX_RESULTS}`, { signal }),
      select: (data) => data.thingGroups,
    }),
  detail: (groupName: string) =>
    queryOptions({
      queryKey: [...thingGroupQueries.all(), 'detail', groupName] as const,
      queryFn: ({ signal }) => apiClient.get<ThingGroupDetail>(thingGroupPath(groupName), { signal }),
    }),
  /** Names of the group's things; `recursive` adds those of its descendant groups. */
  things: (groupName: string, recursive: boolean) =>
    queryOptions({
      queryKey: [...thingGroupQueries.all(), 'things', groupName, { recursive }] as const,
      queryFn: ({ signal }) =>
        apiClient.get<ThingNameList>(
          `${thingGroupPath(groupName)}/things?maxResults=${MAX_RESULTS}${recursive ? '&recursive=true' : ''}`,
          { signal },
        ),
    }),
};
