import {
  keepPreviousData, useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient, type QueryClient,
} from '@tanstack/react-query';
import { api, call, idempotencyKey, ifMatch, json, readAllPages } from '@/api/client';
import type { components } from '@/api/generated/contacts-service';
import { isProblem } from '@/api/problem';
import { downloadExport } from '@/api/download';
import type { CustomFieldDefinition } from './customFields';
import { toApiParams, type ListFilters } from './filters';

export type Contact = components['schemas']['ContactResponse'];
export type ContactRequest = components['schemas']['ContactRequest'];
export type Company = components['schemas']['CompanyResponse'];
export type CompanyRequest = components['schemas']['CompanyRequest'];
export type Activity = components['schemas']['ActivityView'];
export type ActivityInput = components['schemas']['ActivityInput'];
export type HistoryEntry = components['schemas']['HistoryEntry'];
export type Segment = components['schemas']['SegmentResponse'];
export type ObjectType = 'contact' | 'company';

/** A contact the 409 of a create or an edit names as a possible duplicate (problem member `candidates`). */
export interface DuplicateCandidate {
  id: string;
  name?: string;
  matchedOn?: string;
  value?: string;
}

/** A contact's name as people read it. */
export function fullName(contact: Pick<Contact, 'firstName' | 'lastName'>): string {
  return [contact.firstName, contact.lastName].filter(Boolean).join(' ');
}

export function stageTone(stage: string): 'neutral' | 'accent' | 'success' | 'warning' {
  return stage === 'customer' ? 'success' : stage === 'qualified' || stage === 'opportunity' ? 'accent' : stage === 'churned' ? 'warning' : 'neutral';
}

/** The candidates of a 409 `possible-duplicate` (those the caller may see; `hidden`: others match too), else undefined. */
export function duplicatesOf(error: unknown): { candidates: DuplicateCandidate[]; hidden: boolean } | undefined {
  if (!isProblem(error) || error.status !== 409 || !error.type.endsWith('/possible-duplicate')) return undefined;
  const candidates = Array.isArray(error.body.candidates) ? (error.body.candidates as DuplicateCandidate[]) : [];
  return { candidates, hidden: error.body.hiddenMatches === true };
}

export const LIFECYCLE_STAGES = ['lead', 'qualified', 'opportunity', 'customer', 'churned'] as const;
export const SOURCES = ['web_form', 'import', 'api', 'manual'] as const;
export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001+'] as const;
export const ACTIVITY_TYPES = ['call', 'note', 'meeting', 'email'] as const;

/**
 * Query keys start with the record type, so a change pushed for a contact (or a company) refreshes every view of
 * contacts (companies). Custom field definitions and segments are configuration, not records.
 */
export const contactKeys = {
  all: ['contact'] as const,
  lists: ['contact', 'list'] as const,
  list: (params: Record<string, string>) => ['contact', 'list', params] as const,
  detail: (id: string) => ['contact', 'detail', id] as const,
  timeline: (id: string) => ['contact', 'timeline', id] as const,
  history: (id: string) => ['contact', 'history', id] as const,
};
export const companyKeys = {
  all: ['company'] as const,
  list: (params: Record<string, string>) => ['company', 'list', params] as const,
  detail: (id: string) => ['company', 'detail', id] as const,
  contacts: (id: string) => ['company', 'contacts', id] as const,
  timeline: (id: string) => ['company', 'timeline', id] as const,
  history: (id: string) => ['company', 'history', id] as const,
};
export const segmentKeys = { all: ['segment'] as const };
export const customFieldKeys = { of: (objectType: ObjectType) => ['customField', objectType] as const };

export const PAGE_SIZE = 50;

/** The list's sort when the URL names none: newest first, as people expect of a list they add to. */
export const DEFAULT_SORT = '-createdAt';

/** Contacts matching the filters, a cursor page at a time (the list loads more as the person scrolls). */
export function useContactList(filters: ListFilters) {
  const params = toApiParams({ ...filters, sort: filters.sort ?? DEFAULT_SORT });
  return useInfiniteQuery({
    queryKey: contactKeys.list(params),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(
        api().contacts.GET('/api/contacts', {
          // custom field filters (cf.<key>) are query parameters the document cannot name one by one
          params: { query: { ...params, limit: PAGE_SIZE, cursor: pageParam } as never },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCompanyList(filters: ListFilters) {
  const params = toApiParams({ ...filters, sort: filters.sort ?? DEFAULT_SORT });
  return useInfiniteQuery({
    queryKey: companyKeys.list(params),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(
        api().contacts.GET('/api/companies', {
          params: { query: { ...params, limit: PAGE_SIZE, cursor: pageParam } as never },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useContact(id: string) {
  return useQuery({
    queryKey: contactKeys.detail(id),
    queryFn: ({ signal }) => call(api().contacts.GET('/api/contacts/{id}', { params: { path: { id } }, signal })),
  });
}

export function useCompany(id: string | undefined) {
  return useQuery({
    queryKey: companyKeys.detail(id ?? ''),
    queryFn: ({ signal }) => call(api().contacts.GET('/api/companies/{id}', { params: { path: { id: id as string } }, signal })),
    enabled: !!id,
    staleTime: 60_000,
  });
}

/** Definitions of the custom fields of contacts or companies (configuration: cached longer than records). */
/** The definitions of a record type's custom fields; none asked for when it has none ({@code undefined}). */
export function useCustomFields(objectType: ObjectType | undefined) {
  return useQuery({
    queryKey: customFieldKeys.of(objectType ?? 'contact'),
    enabled: objectType !== undefined,
    queryFn: async ({ signal }): Promise<CustomFieldDefinition[]> =>
      (await call(api().contacts.GET('/api/custom-fields', { params: { query: { objectType: objectType ?? 'contact' } }, signal }))).items ?? [],
    staleTime: 5 * 60_000,
  });
}

export function createContact(request: ContactRequest, allowDuplicate = false, key = idempotencyKey()) {
  return call(api().contacts.POST('/api/contacts', {
    params: { query: allowDuplicate ? { allowDuplicate: true } : {} },
    body: request,
    headers: key,
  }));
}

export function createCompany(request: CompanyRequest, allowDuplicate = false, key = idempotencyKey()) {
  return call(api().contacts.POST('/api/companies', {
    params: { query: allowDuplicate ? { allowDuplicate: true } : {} },
    body: request,
    headers: key,
  }));
}

/** A JSON merge patch of a contact, conditional on the version the person saw. */
export function patchContact(id: string, version: number | undefined, patch: Record<string, unknown>, allowDuplicate = false) {
  return call(api().contacts.PATCH('/api/contacts/{id}', {
    params: { path: { id }, query: allowDuplicate ? { allowDuplicate: true } : {}, header: ifMatch(version) as never },
    body: patch as never,
    headers: { ...ifMatch(version), 'Content-Type': 'application/merge-patch+json' },
  }));
}

export function patchCompany(id: string, version: number | undefined, patch: Record<string, unknown>, allowDuplicate = false) {
  return call(api().contacts.PATCH('/api/companies/{id}', {
    params: { path: { id }, query: allowDuplicate ? { allowDuplicate: true } : {}, header: ifMatch(version) as never },
    body: patch as never,
    headers: { ...ifMatch(version), 'Content-Type': 'application/merge-patch+json' },
  }));
}

/** Stores what a write answered, so every view shows it at once, then refreshes the lists it may have moved in. */
export function storeRecord(client: QueryClient, type: ObjectType, record: Contact | Company) {
  if (!record.id) return;
  client.setQueryData(type === 'contact' ? contactKeys.detail(record.id) : companyKeys.detail(record.id), record);
  void client.invalidateQueries({ queryKey: type === 'contact' ? contactKeys.lists : ['company', 'list'] });
  void client.invalidateQueries({ queryKey: type === 'contact' ? contactKeys.history(record.id) : companyKeys.history(record.id) });
}

export function useTimeline(type: ObjectType, id: string) {
  return useInfiniteQuery({
    queryKey: type === 'contact' ? contactKeys.timeline(id) : companyKeys.timeline(id),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      type === 'contact'
        ? call(api().contacts.GET('/api/contacts/{id}/timeline', {
            params: { path: { id }, query: { limit: 25, cursor: pageParam } }, signal,
          }))
        : call(api().contacts.GET('/api/companies/{id}/timeline', {
            params: { path: { id }, query: { limit: 25, cursor: pageParam } }, signal,
          })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useLogActivity(contactId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ input, key }: { input: ActivityInput; key: Record<string, string> }) =>
      call(api().contacts.POST('/api/contacts/{id}/timeline', { params: { path: { id: contactId } }, body: input, headers: key })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: contactKeys.timeline(contactId) });
      void client.invalidateQueries({ queryKey: ['company', 'timeline'] });
    },
  });
}

export function useHistory(type: ObjectType, id: string) {
  return useQuery({
    queryKey: type === 'contact' ? contactKeys.history(id) : companyKeys.history(id),
    queryFn: ({ signal }) =>
      type === 'contact'
        ? call(api().contacts.GET('/api/contacts/{id}/history', { params: { path: { id }, query: { limit: 100 } }, signal }))
        : call(api().contacts.GET('/api/companies/{id}/history', { params: { path: { id }, query: { limit: 100 } }, signal })),
  });
}

export function useCompanyContacts(id: string) {
  return useInfiniteQuery({
    queryKey: companyKeys.contacts(id),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(api().contacts.GET('/api/companies/{id}/contacts', {
        params: { path: { id }, query: { limit: PAGE_SIZE, cursor: pageParam, sort: 'lastName' } }, signal,
      })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/**
 * Names of the companies of a list of contacts, in one request per page of the list (`ids=`), not one per row: a
 * long list would otherwise spend the person's request budget at the gateway.
 */
export function useCompanyNames(ids: readonly (string | undefined)[]): Map<string, string> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))].sort();
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += 200) chunks.push(unique.slice(i, i + 200));
  const results = useQueries({
    queries: chunks.map((chunk) => ({
      queryKey: ['company', 'names', chunk] as const,
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        call(api().contacts.GET('/api/companies', { params: { query: { ids: chunk.join(','), limit: 200 } as never }, signal })),
      staleTime: 60_000,
      placeholderData: keepPreviousData,
    })),
  });
  const names = new Map<string, string>();
  for (const result of results) {
    for (const company of result.data?.items ?? []) names.set(company.id as string, company.name ?? '');
  }
  return names;
}

/** Companies whose name or domain starts with `q`, for pickers (at most a handful). */
export function useCompanySearch(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: companyKeys.list({ q: term, sort: 'name', limit: '8' }),
    queryFn: ({ signal }) =>
      call(api().contacts.GET('/api/companies', { params: { query: { q: term || undefined, sort: 'name', limit: 8 } as never }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function mergeContacts(survivorId: string, version: number | undefined, mergeIds: string[]) {
  return call(api().contacts.POST('/api/contacts/{id}/merge', {
    params: { path: { id: survivorId }, header: ifMatch(version) as never },
    body: { mergeIds },
    headers: { ...ifMatch(version), ...idempotencyKey() },
  }));
}

// ---- segments -------------------------------------------------------------------------------------------------

export type Sharing = 'private' | 'team' | 'everyone';

/** The segments the person sees (their own and those shared with them): a few per person, read in one go. */
export function useSegments() {
  return useQuery({
    queryKey: segmentKeys.all,
    queryFn: ({ signal }): Promise<Segment[]> => readAllPages((cursor) =>
      call(api().contacts.GET('/api/segments', { params: { query: { limit: 200, cursor } }, signal }))),
    staleTime: 60_000,
  });
}

export function createSegment(body: { name: string; description?: string; sharing: Sharing; filter: Record<string, string> }) {
  return call(api().contacts.POST('/api/segments', { body: body as never, headers: idempotencyKey() }));
}

export function patchSegment(segment: Segment, patch: Record<string, unknown>) {
  return call(api().contacts.PATCH('/api/segments/{id}', {
    params: { path: { id: segment.id as string }, header: ifMatch(segment.version) as never },
    body: patch as never,
    headers: ifMatch(segment.version),
  }));
}

export function deleteSegment(segment: Segment) {
  return call(api().contacts.DELETE('/api/segments/{id}', {
    params: { path: { id: segment.id as string }, header: ifMatch(segment.version) as never },
    headers: ifMatch(segment.version),
  }));
}

// ---- bulk changes and exports --------------------------------------------------------------------------------

export interface BulkItemProblem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
  currentVersion?: number;
}
export interface BulkItemResult {
  id: string;
  status: 'updated' | 'unchanged' | 'failed';
  version?: number;
  problem?: BulkItemProblem;
}
export interface BulkResult {
  updated: number;
  unchanged: number;
  failed: number;
  results: BulkItemResult[];
}
export interface BulkChange {
  ownerId?: string;
  addTags?: string[];
}

/** The API's limit of contacts per bulk request; larger selections go in several. */
export const BULK_BATCH = 200;

/**
 * One change to many contacts (`POST /api/contacts/bulk`), in batches of {@link BULK_BATCH}: a result per contact,
 * each its own versioned write on the server.
 */
export async function bulkChange(items: { id: string; version: number }[], change: BulkChange): Promise<BulkResult> {
  const total: BulkResult = { updated: 0, unchanged: 0, failed: 0, results: [] };
  for (let start = 0; start < items.length; start += BULK_BATCH) {
    const batch = items.slice(start, start + BULK_BATCH);
    const result = await json<BulkResult>(api().fetch('/api/contacts/bulk', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...idempotencyKey() },
      body: JSON.stringify({ items: batch, ...change }),
    }));
    total.updated += result.updated;
    total.unchanged += result.unchanged;
    total.failed += result.failed;
    total.results.push(...result.results);
  }
  return total;
}

/** Downloads a CSV export: the filtered list (GET with its filters), or a selection (POST with ids). */
export function downloadContactsCsv(selection: { ids: string[] } | { filters: ListFilters }): Promise<void> {
  return 'ids' in selection
    ? downloadExport({ path: '/api/contacts/export', name: 'contacts', body: { ids: selection.ids } })
    : downloadExport({ path: '/api/contacts/export', name: 'contacts', filters: toApiParams({ ...selection.filters, sort: undefined }) });
}
