import type { DeviceAssignmentList, InvitationList, UserList } from '@meridian/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';

export const userQueries = {
  all: () => ['users'] as const,
  list: () =>
    queryOptions({
      queryKey: [...userQueries.all(), 'list'] as const,
      queryFn: async ({ signal }) => (await apiClient.get<UserList>('/api/users', { signal })).users,
    }),
  invitations: () =>
    queryOptions({
      queryKey: [...userQueries.all(), 'invitations'] as const,
      queryFn: async ({ signal }) => (await apiClient.get<InvitationList>('/api/invitations', { signal })).invitations,
    }),
  assignments: () =>
    queryOptions({
      queryKey: [...userQueries.all(), 'assignments'] as const,
      queryFn: async ({ signal }) =>
        (await apiClient.get<DeviceAssignmentList>('/api/device-assignments', { signal })).assignments,
    }),
};
