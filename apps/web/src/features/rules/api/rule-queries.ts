import type {
  CapturedMessageList,
  GetTopicRuleResponse,
  HttpDestination,
  ListTopicRulesResponse,
  RuleActivityList,
  RuleMetricsList,
} from '@meridian/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';

export const rulePath = (ruleName: string) => `/api/rules/${encodeURIComponent(ruleName)}`;

/** Metrics change with traffic: the console polls them while they are on screen. */
export const LIVE_REFRESH_MS = 2000;

export const ruleQueries = {
  all: () => ['rules'] as const,
  /** The first 1,000 rules (the console shows them on one page). */
  list: () =>
    queryOptions({
      queryKey: [...ruleQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => apiClient.get<ListTopicRulesResponse>('/api/rules?maxResults=1000', { signal }),
      select: (data) => data.rules,
    }),
  detail: (ruleName: string) =>
    queryOptions({
      queryKey: [...ruleQueries.all(), 'detail', ruleName] as const,
      queryFn: ({ signal }) => apiClient.get<GetTopicRuleResponse>(rulePath(ruleName), { signal }),
    }),
  /** Counters of every rule that has seen traffic, by rule name. */
  metrics: () =>
    queryOptions({
      queryKey: [...ruleQueries.all(), 'metrics'] as const,
      queryFn: ({ signal }) => apiClient.get<RuleMetricsList>('/api/rule-metrics', { signal }),
      select: (data) => new Map(data.rules.map((metrics) => [metrics.ruleName, metrics])),
      refetchInterval: LIVE_REFRESH_MS,
    }),
  /**
   * Recent outputs and errors of one rule, newest first. Kept current by `useRuleActivity`, which appends
   * the live socket's `rule-activity` frames to this cache entry.
   */
  activity: (ruleName: string) =>
    queryOptions({
      queryKey: [...ruleQueries.all(), 'activity', ruleName] as const,
      queryFn: ({ signal }) => apiClient.get<RuleActivityList>(`${rulePath(ruleName)}/activity`, { signal }),
      select: (data) => [...data.activity].reverse(),
      staleTime: Number.POSITIVE_INFINITY,
    }),
  destinations: () =>
    queryOptions({
      queryKey: [...ruleQueries.all(), 'destinations'] as const,
      queryFn: ({ signal }) => apiClient.get<{ destinations: HttpDestination[] }>('/api/rule-destinations', { signal }),
      select: (data) => data.destinations,
    }),
  /** The last messages the platform accepted on topics matching `filter`, newest first. */
  capturedMessages: (filter: string) =>
    queryOptions({
      queryKey: [...ruleQueries.all(), 'captured', filter] as const,
      queryFn: ({ signal }) =>
        apiClient.get<CapturedMessageList>(`/api/rules/captured-messages?${new URLSearchParams({ filter })}`, {
          signal,
        }),
      select: (data) => data.messages,
      staleTime: 0,
    }),
};
