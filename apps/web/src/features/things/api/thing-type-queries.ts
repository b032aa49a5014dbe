import type { ThingTypeControlHints, ThingTypeList } from '@meridian/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';

/** The largest page the API gives; the console shows one page of types. */
const MAX_RESULTS = 250;

export const thingTypePath = (thingTypeName: string) => `/api/thing-types/${encodeURIComponent(thingTypeName)}`;

export const thingTypeQueries = {
  all: () => ['thing-types'] as const,
  list: () =>
    queryOptions({
      queryKey: [...thingTypeQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => apiClient.get<ThingTypeList>(`/api/thing-types?maxResults=${MAX_RESULTS}`, { signal }),
      select: (data) => data.thingTypes,
    }),
  controlHints: (thingTypeName: string) =>
    queryOptions({
      queryKey: [...thingTypeQueries.all(), 'control-hints', thingTypeName] as const,
      queryFn: ({ signal }) =>
        apiClient.get<ThingTypeControlHints>(`${thingTypePath(thingTypeName)}/control-hints`, { signal }),
      select: (data) => data.hints,
    }),
};
