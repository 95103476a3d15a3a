import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, call, idempotencyKey, ifMatch, readAllPages } from '@/api/client';
import type { components as ContactsSchemas } from '@/api/generated/contacts-service';
import type { components } from '@/api/generated/deals-service';
import type { components as TasksSchemas } from '@/api/generated/tasks-service';
import { downloadExport, type ExportKind } from '@/api/download';

export type Deal = components['schemas']['DealResponse'];
export type Pipeline = components['schemas']['PipelineResponse'];
export type Stage = components['schemas']['StageSnapshot'];
export type StageKind = NonNullable<Stage['kind']>;
export type Board = components['schemas']['Board'];
export type BoardColumn = components['schemas']['BoardColumn'];
export type DealHistory = components['schemas']['History'];
export type StageChange = components['schemas']['StageChange'];
export type HistoryEntry = components['schemas']['HistoryEntry'];
export type Task = TasksSchemas['schemas']['TaskResponse'];
export type ContactOption = ContactsSchemas['schemas']['ContactResponse'];
export type CompanyOption = ContactsSchemas['schemas']['CompanyResponse'];

/** The roles a contact plays in a deal, as deals-service defines them. */
export const CONTACT_ROLES = [
  'decision_maker', 'champion', 'influencer', 'economic_buyer', 'technical_buyer', 'user', 'blocker', 'other',
] as const;

/** The deal fields a stage may require (DealField in deals-service). */
export const REQUIRABLE_FIELDS = ['amount', 'expectedCloseDate', 'companyId', 'contacts', 'source'] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];

export interface BoardFilters {
  pipelineId: string;
  ownerId?: string;
  teamId?: string;
}

export interface DealListFilters {
  pipelineId?: string;
  stageId?: string;
  status?: string;
  ownerId?: string;
  teamId?: string;
  closeFrom?: string;
  closeTo?: string;
  sort?: string;
}

/**
 * Query keys start with the record type ('deal', 'pipeline', 'task', 'contact', 'company'): live updates invalidate
 * every view of a changed record type by that prefix.
 */
export const dealKeys = {
  all: ['deal'] as const,
  board: (filters: BoardFilters) => ['deal', 'board', filters] as const,
  boards: ['deal', 'board'] as const,
  column: (filters: BoardFilters, stageId: string) => ['deal', 'column', filters, stageId] as const,
  columns: ['deal', 'column'] as const,
  list: (filters: DealListFilters) => ['deal', 'list', filters] as const,
  detail: (id: string) => ['deal', 'detail', id] as const,
  history: (id: string) => ['deal', 'history', id] as const,
};
export const pipelineKeys = {
  all: ['pipeline'] as const,
  list: ['pipeline', 'list'] as const,
};

/**
 * Cards per column on the first load: the board reads up to this many per stage from the statistics' card heads (50
 * deal ids per owner and stage, pulse.deals.stats.card-index-size), which is fast at any number of deals; more
 * cards load as a column is scrolled.
 */
export const BOARD_CARDS = 20;
export const COLUMN_PAGE = 100;
const LIST_PAGE = 50;

function clean<T extends object>(filters: T): Partial<T> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== '')) as Partial<T>;
}

/** Every pipeline (an organisation has a handful), in the order the service lists them. */
export function usePipelines() {
  return useQuery({
    queryKey: pipelineKeys.list,
    queryFn: ({ signal }): Promise<Pipeline[]> => readAllPages((cursor) =>
      call(api().deals.GET('/api/pipelines', { params: { query: { limit: 200, cursor } }, signal }))),
    staleTime: 60_000,
  });
}

export function useBoard(filters: BoardFilters | undefined, refetchInterval: number | false) {
  return useQuery({
    queryKey: dealKeys.board(filters ?? { pipelineId: '' }),
    queryFn: ({ signal }) =>
      call(api().deals.GET('/api/deals/board', {
        params: { query: { ...clean(filters!), pipelineId: filters!.pipelineId, cards: BOARD_CARDS } },
        signal,
      })),
    enabled: !!filters?.pipelineId,
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

/**
 * A column's cards after the board's first page, a page at a time, from where the board's cards ended when the column
 * was first scrolled (the board's own refreshes do not start the column over; cards seen twice are shown once).
 */
export function useColumnPages(filters: BoardFilters, stageId: string, after: string | undefined, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: dealKeys.column(filters, stageId),
    initialPageParam: after,
    queryFn: ({ pageParam, signal }) =>
      call(api().deals.GET('/api/deals', {
        params: { query: { ...clean(filters), stageId, limit: COLUMN_PAGE, cursor: pageParam } },
        signal,
      })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: enabled && !!after,
  });
}

export function useDealList(filters: DealListFilters) {
  return useInfiniteQuery({
    queryKey: dealKeys.list(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(api().deals.GET('/api/deals', { params: { query: { ...clean(filters), limit: LIST_PAGE, cursor: pageParam } }, signal })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useDeal(id: string) {
  return useQuery({
    queryKey: dealKeys.detail(id),
    queryFn: ({ signal }) => call(api().deals.GET('/api/deals/{id}', { params: { path: { id } }, signal })),
  });
}

export function useDealHistory(id: string) {
  return useQuery({
    queryKey: dealKeys.history(id),
    queryFn: ({ signal }) =>
      call(api().deals.GET('/api/deals/{id}/history', { params: { path: { id }, query: { limit: 100 } }, signal })),
  });
}

/** The deal's tasks (tasks-service); a service that is down degrades only this part of the deal page. */
export function useDealTasks(dealId: string) {
  return useQuery({
    queryKey: ['task', 'list', { dealId }] as const,
    queryFn: ({ signal }) =>
      call(api().tasks.GET('/api/tasks', { params: { query: { dealId, limit: 100 } }, signal })),
  });
}

/** Contacts whose name, email, phone or company starts with what the person typed (for pickers). */
export function useContactSearch(q: string) {
  return useQuery({
    queryKey: ['contact', 'search', q] as const,
    queryFn: ({ signal }) =>
      call(api().contacts.GET('/api/contacts', { params: { query: { q, limit: 10 } as never }, signal })),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useCompanySearch(q: string) {
  return useQuery({
    queryKey: ['company', 'search', q] as const,
    queryFn: ({ signal }) =>
      call(api().contacts.GET('/api/companies', { params: { query: { q, limit: 10 } as never }, signal })),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

// ---- writes: each action a fresh Idempotency-Key, changes with the version read (If-Match) ----

export type NewDeal = components['schemas']['CreateDeal'];

export function createDeal(deal: NewDeal): Promise<Deal> {
  return call(api().deals.POST('/api/deals', { body: deal, headers: idempotencyKey() }));
}

/** A JSON merge patch of the deal's fields (null clears a field). */
export function patchDeal(id: string, version: number | undefined, patch: Record<string, unknown>): Promise<Deal> {
  return call(api().deals.PATCH('/api/deals/{id}', {
    params: { path: { id } },
    body: patch as never,
    headers: { ...ifMatch(version), 'Content-Type': 'application/merge-patch+json' },
  }));
}

export function moveDeal(id: string, version: number | undefined, stageId: string, pipelineId?: string): Promise<Deal> {
  return call(api().deals.POST('/api/deals/{id}/move', {
    params: { path: { id } },
    body: { stageId, pipelineId },
    headers: { ...ifMatch(version), ...idempotencyKey() },
  }));
}

export function winDeal(id: string, version: number | undefined, stageId?: string): Promise<Deal> {
  return call(api().deals.POST('/api/deals/{id}/win', {
    params: { path: { id } },
    body: { stageId },
    headers: { ...ifMatch(version), ...idempotencyKey() },
  }));
}

export function loseDeal(id: string, version: number | undefined, reason: string, note?: string, stageId?: string): Promise<Deal> {
  return call(api().deals.POST('/api/deals/{id}/lose', {
    params: { path: { id } },
    body: { reason, note: note || undefined, stageId },
    headers: { ...ifMatch(version), ...idempotencyKey() },
  }));
}

export function reopenDeal(id: string, version: number | undefined, stageId?: string): Promise<Deal> {
  return call(api().deals.POST('/api/deals/{id}/reopen', {
    params: { path: { id } },
    body: { stageId },
    headers: { ...ifMatch(version), ...idempotencyKey() },
  }));
}

export function deleteDeal(id: string, version: number | undefined): Promise<void> {
  return call(api().deals.DELETE('/api/deals/{id}', { params: { path: { id } }, headers: ifMatch(version) }));
}

export type NewTask = TasksSchemas['schemas']['TaskRequest'];

export function createTask(task: NewTask): Promise<Task> {
  return call(api().tasks.POST('/api/tasks', { body: task, headers: idempotencyKey() }));
}

/** The deals list as a file, for the same filters and sort the list shows (deals-service's export). */
export function downloadDeals(filters: DealListFilters, kind: ExportKind): Promise<void> {
  return downloadExport({ path: '/api/deals/export', filters: { ...filters }, name: 'deals', kind });
}
