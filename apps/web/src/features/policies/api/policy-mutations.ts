import type {
  CreatedPolicy,
  CreatedPolicyVersion,
  CreatePolicyRequest,
  CreatePolicyVersionRequest,
  PolicySimulationRequest,
  PolicySimulationResult,
  PolicyTargetRef,
} from '@meridian/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { policyQueries } from './policy-queries';

const policyPath = (policyName: string) => `/api/policies/${encodeURIComponent(policyName)}`;

/** Every policy change may show in lists, details, targets and a certificate's policies: refresh them all. */
function useInvalidatePolicies() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: policyQueries.all() });
}

export function useCreatePolicy() {
  const invalidate = useInvalidatePolicies();
  return useMutation({
    mutationFn: (request: CreatePolicyRequest) => apiClient.post<CreatedPolicy>('/api/policies', request),
    onSuccess: invalidate,
  });
}

export function useValidatePolicy() {
  return useMutation({
    mutationFn: (policyDocument: string) => apiClient.post<void>('/api/policies/validate', { policyDocument }),
  });
}

export function useDeletePolicy(policyName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiClient.delete<void>(policyPath(policyName)),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: policyQueries.detail(policyName).queryKey });
      await queryClient.invalidateQueries({ queryKey: policyQueries.all() });
    },
  });
}

export function useCreatePolicyVersion(policyName: string) {
  const invalidate = useInvalidatePolicies();
  return useMutation({
    mutationFn: (request: CreatePolicyVersionRequest) =>
      apiClient.post<CreatedPolicyVersion>(`${policyPath(policyName)}/versions`, request),
    onSuccess: invalidate,
  });
}

export function useSetDefaultPolicyVersion(policyName: string) {
  const invalidate = useInvalidatePolicies();
  return useMutation({
    mutationFn: (policyVersionId: string) =>
      apiClient.put<void>(`${policyPath(policyName)}/default-version`, { policyVersionId }),
    onSuccess: invalidate,
  });
}

export function useDeletePolicyVersion(policyName: string) {
  const invalidate = useInvalidatePolicies();
  return useMutation({
    mutationFn: (policyVersionId: string) =>
      apiClient.delete<void>(`${policyPath(policyName)}/versions/${encodeURIComponent(policyVersionId)}`),
    onSuccess: invalidate,
  });
}

export function useAttachPolicy(policyName: string) {
  const invalidate = useInvalidatePolicies();
  return useMutation({
    mutationFn: (target: PolicyTargetRef) => apiClient.post<void>(`${policyPath(policyName)}/targets`, target),
    onSuccess: invalidate,
  });
}

export function useDetachPolicy(policyName: string) {
  const invalidate = useInvalidatePolicies();
  return useMutation({
    mutationFn: (targetArn: string) =>
      apiClient.delete<void>(`${policyPath(policyName)}/targets?${new URLSearchParams({ targetArn })}`),
    onSuccess: invalidate,
  });
}

export function useSimulatePolicy() {
  return useMutation({
    mutationFn: (request: PolicySimulationRequest) =>
      apiClient.post<PolicySimulationResult>('/api/policies/simulate', request),
  });
}
