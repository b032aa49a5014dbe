import type {
  CertificateList,
  PolicyDetail,
  PolicyList,
  PolicyTargetList,
  PolicyVersionDetail,
} from '@meridian/contracts';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';

const LIST_PAGE_SIZE = 50;

const policyPath = (policyName: string) => `/api/policies/${encodeURIComponent(policyName)}`;

function withPage(path: string, marker: string | undefined, pageSize: number): string {
  const query = new URLSearchParams({ pageSize: String(pageSize) });
  if (marker !== undefined) query.set('marker', marker);
  return `${path}?${query}`;
}

export const policyQueries = {
  all: () => ['policies'] as const,
  /** Newest first, a page at a time. */
  list: () =>
    infiniteQueryOptions({
      queryKey: [...policyQueries.all(), 'list'] as const,
      queryFn: ({ signal, pageParam }) =>
        apiClient.get<PolicyList>(withPage('/api/policies', pageParam, LIST_PAGE_SIZE), { signal }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.nextMarker,
    }),
  detail: (policyName: string) =>
    queryOptions({
      queryKey: [...policyQueries.all(), 'detail', policyName] as const,
      queryFn: ({ signal }) => apiClient.get<PolicyDetail>(policyPath(policyName), { signal }),
    }),
  version: (policyName: string, policyVersionId: string) =>
    queryOptions({
      queryKey: [...policyQueries.detail(policyName).queryKey, 'versions', policyVersionId] as const,
      queryFn: ({ signal }) =>
        apiClient.get<PolicyVersionDetail>(
          `${policyPath(policyName)}/versions/${encodeURIComponent(policyVersionId)}`,
          { signal },
        ),
    }),
  targets: (policyName: string) =>
    infiniteQueryOptions({
      queryKey: [...policyQueries.detail(policyName).queryKey, 'targets'] as const,
      queryFn: ({ signal, pageParam }) =>
        apiClient.get<PolicyTargetList>(withPage(`${policyPath(policyName)}/targets`, pageParam, LIST_PAGE_SIZE), {
          signal,
        }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.nextMarker,
    }),
  /** Policies attached to one certificate (the first 250, by name). */
  ofCertificate: (certificateId: string) =>
    queryOptions({
      queryKey: [...policyQueries.all(), 'certificate', certificateId] as const,
      queryFn: ({ signal }) =>
        apiClient.get<PolicyList>(`/api/certificates/${encodeURIComponent(certificateId)}/policies`, { signal }),
      select: (data) => data.policies,
    }),
  /** Certificates to attach policies to or to simulate with. */
  certificateChoices: () =>
    queryOptions({
      queryKey: [...policyQueries.all(), 'certificate-choices'] as const,
      queryFn: ({ signal }) => apiClient.get<CertificateList>('/api/certificates', { signal }),
      select: (data) => data.certificates,
    }),
};
