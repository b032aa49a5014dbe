import { QueryClient } from '@tanstack/react-query';
import { isApiRequestError } from './api-client';

const MAX_RETRIES = 2;

/** Retry network failures and 5xx answers a couple of times; a 4xx will not change on retry. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isApiRequestError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < MAX_RETRIES;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 15_000 },
      mutations: { retry: false },
    },
  });
}
