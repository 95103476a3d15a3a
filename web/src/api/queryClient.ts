import { QueryClient } from '@tanstack/react-query';
import { isProblem } from './problem';

/**
 * Server state for the whole app. Reads retry only what may pass on a second try (network, 503 while a service
 * restarts); a 4xx is an answer, not a failure to retry. Writes never retry by themselves: the screens retry them
 * with the same Idempotency-Key when the person says so.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: true,
        retry: (failures, error) => failures < 2 && (!isProblem(error) || error.unavailable),
        retryDelay: (attempt) => Math.min(500 * 2 ** attempt, 4_000),
      },
      mutations: { retry: false },
    },
  });
}
