import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, ifMatch } from '@/api/client';
import type { components } from '@/api/generated/automation-service';

export type RuleResponse = components['schemas']['RuleResponse'];
export type RunResponse = components['schemas']['RunResponse'];
export type StepView = components['schemas']['StepView'];
export type Catalog = components['schemas']['Catalog'];

/** What a dry run answers (the service's document; OpenAPI calls it a JSON object). */
export interface DryRunAnswer {
  eventType?: string;
  enabled?: boolean;
  record?: { type: string; id: string };
  trigger?: { matched: boolean | null; explanation?: string };
  team?: { team: string; owner?: string; applies: boolean };
  conditions?: { met: boolean; trace?: string[] };
  loopGuard?: string;
  error?: string;
  wouldRun: boolean;
  actions?: { address: string; type: string; input?: Record<string, unknown>; note?: string; error?: string; taken?: string; trace?: string[] }[];
}

// Rules and runs are configuration, not records: keys of their own ('automation-…'), so live record changes do not
// refetch them; a run list is refetched while it is on screen instead.
export const ruleKeys = {
  all: ['automation-rule'] as const,
  list: () => ['automation-rule', 'list'] as const,
  one: (id: string) => ['automation-rule', id] as const,
};
export const runKeys = {
  all: ['automation-run'] as const,
  list: (filter: RunFilter) => ['automation-run', 'list', filter] as const,
};

export interface RunFilter {
  ruleId?: string;
  recordId?: string;
  status?: string;
  limit?: number;
}

export function useCatalog() {
  return useQuery({
    queryKey: ['automation-catalog'],
    staleTime: 10 * 60_000,
    queryFn: ({ signal }) => call(api().automation.GET('/api/automation/catalog', { signal })),
  });
}

export function useRules() {
  return useQuery({
    queryKey: ruleKeys.list(),
    queryFn: async ({ signal }) => {
      const rules: RuleResponse[] = [];
      let cursor: string | undefined;
      do {
        const page = await call(api().automation.GET('/api/automation/rules', { params: { query: { limit: 200, cursor } }, signal }));
        rules.push(...(page.items ?? []));
        cursor = page.nextCursor;
      } while (cursor);
      return rules;
    },
  });
}

export function useRule(id: string | undefined) {
  return useQuery({
    queryKey: ruleKeys.one(id ?? ''),
    enabled: !!id,
    queryFn: ({ signal }) => call(api().automation.GET('/api/automation/rules/{id}', { params: { path: { id: id as string } }, signal })),
  });
}

export function useRuns(filter: RunFilter, options: { enabled?: boolean; live?: boolean } = {}) {
  return useQuery({
    queryKey: runKeys.list(filter),
    enabled: options.enabled ?? true,
    refetchInterval: options.live ? 5_000 : false,
    queryFn: async ({ signal }) => {
      const page = await call(api().automation.GET('/api/automation/runs', {
        params: { query: { ruleId: filter.ruleId, recordId: filter.recordId, status: filter.status, limit: filter.limit ?? 50 } },
        signal,
      }));
      return page;
    },
  });
}

export function useToggleRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rule: RuleResponse) => {
      const options = { params: { path: { id: rule.id as string }, header: ifMatch(rule.version) as { 'If-Match': string } } };
      return call(rule.enabled ? api().automation.POST('/api/automation/rules/{id}/disable', options)
        : api().automation.POST('/api/automation/rules/{id}/enable', options));
    },
    onSuccess: (saved) => {
      client.setQueryData(ruleKeys.one(saved.id as string), saved);
      client.setQueryData<RuleResponse[]>(ruleKeys.list(), (rules) => rules?.map((rule) => (rule.id === saved.id ? saved : rule)));
    },
  });
}

export function useRetryRun() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) => call(api().automation.POST('/api/automation/runs/{id}/retry', { params: { path: { id: runId } } })),
    onSettled: () => client.invalidateQueries({ queryKey: runKeys.all }),
  });
}
