import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, EmptyState, inputClass, ProblemView, Spinner } from '@/ui';
import { DEFAULT_SORT } from './api';
import type { CustomFieldDefinition } from './customFields';
import { FilterChips, FiltersButton, SortSelect, type FilterSet } from './FiltersPanel';
import type { ListFilters } from './filters';
import { useLoadMoreOnScroll } from './useListHelpers';
import styles from './contacts.module.css';

/** The search box, filters, order and applied filters above a list of contacts or companies. */
export function ListToolbar({
  searchText, onSearch, searchLabel, filters, apply, definitions, set, busy,
}: {
  searchText: string;
  onSearch(text: string): void;
  searchLabel: string;
  filters: ListFilters;
  apply(filters: ListFilters): void;
  definitions: readonly CustomFieldDefinition[];
  set: FilterSet;
  busy: boolean;
}) {
  const { t } = useTranslation('contacts');
  return (
    <>
      <div className={styles.toolbar}>
        <input
          className={`${inputClass} ${styles.search}`}
          type="search"
          aria-label={searchLabel}
          placeholder={searchLabel}
          value={searchText}
          onChange={(event) => onSearch(event.target.value)}
        />
        <FiltersButton filters={filters} onChange={apply} definitions={definitions} set={set} />
        <SortSelect
          value={filters.sort ?? DEFAULT_SORT}
          onChange={(sort) => apply({ ...filters, sort })}
          definitions={definitions}
          nameSort={set === 'company' ? 'name' : 'lastName'}
        />
        {busy && <Spinner label={t('common:app.loading')} />}
      </div>
      <FilterChips filters={filters} onChange={apply} definitions={definitions} />
    </>
  );
}

interface PagedList {
  isError: boolean;
  error: unknown;
  isPending: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  data?: { pages: unknown[] };
  refetch(): unknown;
  fetchNextPage(): unknown;
}

/**
 * A cursor-paged list's states: why it could not load (retryable), loading, nothing (with the way to add one), or
 * its rows; the next page loads as the end comes into view, or with the button.
 */
export function ListBody({
  list, empty, emptyTitle, onCreate, createLabel, children,
}: {
  list: PagedList;
  empty: boolean;
  emptyTitle: string;
  onCreate(): void;
  createLabel: string;
  children: ReactNode;
}) {
  const { t } = useTranslation('contacts');
  const sentinel = useLoadMoreOnScroll(list);
  return (
    <>
      {list.isError ? (
        <ProblemView error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Spinner label={t('common:app.loading')} />
      ) : empty ? (
        <EmptyState title={emptyTitle}>
          <Button variant="primary" onClick={onCreate}>{createLabel}</Button>
        </EmptyState>
      ) : (
        children
      )}
      <div ref={sentinel} aria-hidden="true" />
      {list.hasNextPage && (
        <div className={styles.more}>
          <Button onClick={() => void list.fetchNextPage()} busy={list.isFetchingNextPage}>{t('common:action.loadMore')}</Button>
        </div>
      )}
    </>
  );
}
