import type {
  GetTopicRuleResponse,
  HttpDestination,
  PutHttpDestinationRequest,
  RuleSqlValidation,
  RuleSqlValidationRequest,
  RuleTestRequest,
  RuleTestResult,
  TopicRulePayload,
} from '@meridian/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { rulePath, ruleQueries } from './rule-queries';

function useInvalidateRules() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ruleQueries.all() });
}

export function useCreateRule() {
  const invalidate = useInvalidateRules();
  return useMutation({
    mutationFn: (request: { ruleName: string; topicRulePayload: TopicRulePayload }) =>
      apiClient.post<GetTopicRuleResponse>('/api/rules', request),
    onSuccess: invalidate,
  });
}

export function useReplaceRule(ruleName: string) {
  const invalidate = useInvalidateRules();
  return useMutation({
    mutationFn: (payload: TopicRulePayload) => apiClient.put<GetTopicRuleResponse>(rulePath(ruleName), payload),
    onSuccess: invalidate,
  });
}

export function useDeleteRule(ruleName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiClient.delete<void>(rulePath(ruleName)),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: ruleQueries.detail(ruleName).queryKey });
      queryClient.removeQueries({ queryKey: ruleQueries.activity(ruleName).queryKey });
      await queryClient.invalidateQueries({ queryKey: ruleQueries.list().queryKey });
    },
  });
}

/** Enables (`true`) or disables (`false`) a rule. */
export function useSetRuleEnabled() {
  const invalidate = useInvalidateRules();
  return useMutation({
    mutationFn: ({ ruleName, enabled }: { ruleName: string; enabled: boolean }) =>
      apiClient.post<void>(`${rulePath(ruleName)}/${enabled ? 'enable' : 'disable'}`),
    onSuccess: invalidate,
  });
}

/** Runs a statement on one message with the server's production evaluator. */
export function useTestRule() {
  return useMutation({
    mutationFn: (request: RuleTestRequest) => apiClient.post<RuleTestResult>('/api/rules/test', request),
  });
}

export function validateRuleSql(request: RuleSqlValidationRequest, signal?: AbortSignal): Promise<RuleSqlValidation> {
  return apiClient.post<RuleSqlValidation>('/api/rules/validate', request, { signal });
}

export function usePutDestination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: PutHttpDestinationRequest) =>
      apiClient.put<HttpDestination>('/api/rule-destinations', request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ruleQueries.destinations().queryKey }),
  });
}

export function useDeleteDestination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (url: string) => apiClient.delete<void>(`/api/rule-destinations?${new URLSearchParams({ url })}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ruleQueries.destinations().queryKey }),
  });
}
