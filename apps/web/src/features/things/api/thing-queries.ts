import type { CertificateList, ThingDetail, ThingList } from '@meridian/contracts';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';

/** How often an open thing page asks again (its connection state changes without the page knowing). */
export const THING_POLL_INTERVAL_MS = 3000;
export const THINGS_PAGE_SIZE = 25;

export interface ThingSearch {
  /** Search text, e.g. `kitchen*` or `attributes.room:office`. */
  q: string;
  /** Only things of this type; empty for all. */
  thingTypeName: string;
  nextToken?: string;
}

export function thingListPath({ q, thingTypeName, nextToken }: ThingSearch): string {
  const params = new URLSearchParams();
  if (q.trim() !== '') params.set('q', q.trim());
  if (thingTypeName !== '') params.set('thingTypeName', thingTypeName);
  if (nextToken) params.set('nextToken', nextToken);
  params.set('maxResults', String(THINGS_PAGE_SIZE));
  return `/api/things?${params}`;
}

export const thingPath = (thingName: string) => `/api/things/${encodeURIComponent(thingName)}`;

export const thingQueries = {
  all: () => ['things'] as const,
  lists: () => [...thingQueries.all(), 'list'] as const,
  list: (search: ThingSearch) =>
    queryOptions({
      queryKey: [...thingQueries.lists(), search] as const,
      queryFn: ({ signal }) => apiClient.get<ThingList>(thingListPath(search), { signal }),
      // Paging and typing keep the previous page on screen instead of flashing "Loading".
      placeholderData: keepPreviousData,
    }),
  details: () => [...thingQueries.all(), 'detail'] as const,
  /** The thing with its groups, certificates and connection state; polled while shown. */
  detail: (thingName: string) =>
    queryOptions({
      queryKey: [...thingQueries.details(), thingName] as const,
      queryFn: ({ signal }) => apiClient.get<ThingDetail>(thingPath(thingName), { signal }),
      refetchInterval: THING_POLL_INTERVAL_MS,
    }),
  /** Certificates an operator can attach to a thing. */
  certificateChoices: () =>
    queryOptions({
      queryKey: [...thingQueries.all(), 'certificate-choices'] as const,
      queryFn: ({ signal }) => apiClient.get<CertificateList>('/api/certificates', { signal }),
      select: (data) => data.certificates,
    }),
};
