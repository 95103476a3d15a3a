import { useEffect, useRef, useState } from 'react';
import { withFilter, type ListFilters } from './filters';
import { useHasRole, useMe } from '@/auth/AuthContext';

/** The value once it has stopped changing for `delay` ms (search as you type without a request per key). */
export function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * Loads the next page when the element this returns a ref for comes near the viewport (infinite scroll). The
 * list's "Load more" button stays for keyboards and for browsers without IntersectionObserver.
 */
export function useLoadMoreOnScroll(list: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage(): unknown;
  data?: { pages: unknown[] };
}) {
  const ref = useRef<HTMLDivElement>(null);
  const latest = useRef(list);
  latest.current = list;
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver(
      (entries) => {
        const current = latest.current;
        if (entries.some((entry) => entry.isIntersecting) && current.hasNextPage && !current.isFetchingNextPage) {
          void current.fetchNextPage();
        }
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
    // observing again after each page: a sentinel still in view after a page loaded asks for the next one
  }, [list.data?.pages.length]);
  return ref;
}

/**
 * The search box of a list: what is typed leads and the URL follows a moment later (one request per pause, not per
 * key); a URL changed from elsewhere (back button, a segment opened) puts its search back into the box.
 */
export function useListSearch(filters: ListFilters, apply: (filters: ListFilters) => void): [string, (text: string) => void] {
  const [text, setText] = useState(filters.q ?? '');
  const q = useDebounced(text, 200);
  const latest = useRef({ filters, apply });
  latest.current = { filters, apply };
  useEffect(() => {
    const current = latest.current;
    if ((current.filters.q ?? '') !== q) current.apply(withFilter(current.filters, 'q', q || undefined));
  }, [q]);
  useEffect(() => {
    if ((filters.q ?? '') !== q) setText(filters.q ?? '');
    // only when the URL's search changes, not while the person types
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filters.q]);
  return [text, setText];
}

/**
 * Whom the signed-in person may give records to, as a filter of the users directory: admins anyone, managers their
 * team, reps themselves (the services decide; this only keeps impossible choices out of the list).
 */
export function useAssignable(): (user: { id: string; team?: string }) => boolean {
  const me = useMe();
  const isAdmin = useHasRole('admin');
  const isManager = useHasRole('manager');
  return (user) => isAdmin || user.id === me.id || (isManager && !!me.team && user.team === me.team);
}
