import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, call } from '@/api/client';
import type { components } from '@/api/generated/contacts-service';

export type Contact = components['schemas']['ContactResponse'];

export interface ContactFilters {
  q?: string;
  ownerId?: string;
  tag?: string;
  lifecycleStage?: string;
  source?: string;
  sort?: string;
}

/** Query keys start with the record type, so a change pushed for a contact refreshes every view of contacts. */
export const contactKeys = {
  all: ['contact'] as const,
  list: (filters: ContactFilters) => ['contact', 'list', filters] as const,
  detail: (id: string) => ['contact', 'detail', id] as const,
};

const PAGE_SIZE = 50;

/** Contacts matching the filters, a cursor page at a time (the list loads more as the person scrolls). */
export function useContactList(filters: ContactFilters) {
  return useInfiniteQuery({
    queryKey: contactKeys.list(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(
        api().contacts.GET('/api/contacts', {
          params: { query: { ...clean(filters), limit: PAGE_SIZE, cursor: pageParam } as never },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

function clean(filters: ContactFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== '')) as Record<string, string>;
}
