import type {
  ClaimCode,
  CreatedInvitation,
  CreateUserRequest,
  DeviceAssignment,
  UserSummary,
} from '@meridian/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { userQueries } from './user-queries';

const userPath = (username: string) => `/api/users/${encodeURIComponent(username)}`;
const assignmentPath = (thingName: string) => `/api/device-assignments/${encodeURIComponent(thingName)}`;

/** Every change here can alter users, invitations and assignments: refetch them all. */
function useUsersMutation<T, R>(mutationFn: (variables: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: userQueries.all() }),
  });
}

export const useCreateUser = () =>
  useUsersMutation((request: CreateUserRequest) => apiClient.post<UserSummary>('/api/users', request));

export const useSetUserDisabled = () =>
  useUsersMutation(({ username, disabled }: { username: string; disabled: boolean }) =>
    apiClient.patch<UserSummary>(userPath(username), { disabled }),
  );

export const useDeleteUser = () => useUsersMutation((username: string) => apiClient.delete<void>(userPath(username)));

export const useCreateInvitation = () =>
  useUsersMutation((expiresInHours: number) =>
    apiClient.post<CreatedInvitation>('/api/invitations', { expiresInHours }),
  );

export const useDeleteInvitation = () =>
  useUsersMutation((id: number) => apiClient.delete<void>(`/api/invitations/${id}`));

export const useAssignDevice = () =>
  useUsersMutation(({ thingName, username }: { thingName: string; username: string }) =>
    apiClient.put<DeviceAssignment>(assignmentPath(thingName), { username }),
  );

export const useUnassignDevice = () =>
  useUsersMutation((thingName: string) => apiClient.delete<void>(assignmentPath(thingName)));

export function useCreateClaimCode() {
  return useMutation({
    mutationFn: (thingName: string) => apiClient.post<ClaimCode>('/api/claim-codes', { thingName }),
  });
}
