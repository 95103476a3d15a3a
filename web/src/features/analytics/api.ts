import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, call } from '@/api/client';

export interface AnalyticsQuery {
  pipelineId: string;
  ownerId?: string;
  teamId?: string;
  from?: string;
  to?: string;
}

const STALLED_SHOWN = 50;

function clean<T extends object>(query: T): Partial<T> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== '')) as Partial<T>;
}

/**
 * Keys start with 'deal': the figures are sums over deals, so a live change of any deal refreshes the dashboard
 * (notifications' live updates invalidate by the record type).
 */
export const analyticsKeys = {
  report: (query: AnalyticsQuery) => ['deal', 'analytics', query] as const,
  stalled: (query: Omit<AnalyticsQuery, 'from' | 'to'>) => ['deal', 'stalled', query] as const,
};

/** The pipeline's figures for the filters (deals-service GET /api/pipelines/{id}/analytics). */
export function useAnalytics(query: AnalyticsQuery | undefined) {
  return useQuery({
    queryKey: analyticsKeys.report(query ?? { pipelineId: '' }),
    queryFn: ({ signal }) => {
      const { pipelineId, ...filters } = query!;
      return call(api().deals.GET('/api/pipelines/{id}/analytics', {
        params: { path: { id: pipelineId }, query: clean(filters) },
        signal,
      }));
    },
    enabled: !!query?.pipelineId,
    placeholderData: keepPreviousData,
  });
}

/**
 * The deals stalled in their stage now (the stall detector's mark), longest stalled first, for the same pipeline and
 * people; stalling is a state, not an event of the period, so the period does not apply.
 */
export function useStalledDeals(query: Omit<AnalyticsQuery, 'from' | 'to'> | undefined) {
  return useQuery({
    queryKey: analyticsKeys.stalled(query ?? { pipelineId: '' }),
    queryFn: ({ signal }) =>
      call(api().deals.GET('/api/deals', {
        params: { query: { ...clean(query!), stalled: true, limit: STALLED_SHOWN } },
        signal,
      })),
    enabled: !!query?.pipelineId,
    placeholderData: keepPreviousData,
  });
}
