import { ArrowDown, ArrowUp } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import { Badge, Button, EmptyState, ExportMenu, Field, inputClass, ProblemView, Select, Spinner } from '@/ui';
import { downloadDeals, useDealList, usePipelines, type Deal, type DealListFilters } from './api';
import { CreateDealDialog } from './CreateDealDialog';
import { DealFilters, DealsHeader } from './DealFilters';
import styles from './deals.module.css';
import { statusTone } from './status';

const SORTABLE = ['createdAt', 'amount', 'expectedCloseDate'] as const;
type SortKey = (typeof SORTABLE)[number];

/** Every deal the person may see, filtered and sorted, a cursor page at a time; each row leads to its deal. */
export function DealListPage() {
  const { t } = useTranslation('deals');
  const format = useFormat();
  const userName = useUserName();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const pipelines = usePipelines();
  const filters = useMemo<DealListFilters>(() => ({
    pipelineId: params.get('pipeline') || undefined,
    stageId: params.get('stage') || undefined,
    status: params.get('status') ?? 'open',
    ownerId: params.get('owner') || undefined,
    teamId: params.get('team') || undefined,
    closeFrom: params.get('closeFrom') || undefined,
    closeTo: params.get('closeTo') || undefined,
    sort: params.get('sort') || undefined,
  }), [params]);
  const query = useMemo(() => ({ ...filters, status: filters.status === 'all' ? undefined : filters.status }), [filters]);
  const list = useDealList(query);
  const deals = list.data?.pages.flatMap((page) => page.items ?? []) ?? [];
  const pipeline = pipelines.data?.find((p) => p.id === filters.pipelineId);
  const stageName = (deal: Deal) => deal.stage?.name ?? '';
  const pipelineName = (id: string | undefined) => pipelines.data?.find((p) => p.id === id)?.name ?? '';

  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key === 'pipeline') next.delete('stage');
    setParams(next, { replace: true });
  };
  const sort = filters.sort ?? 'createdAt';
  const sortKey = sort.replace(/^-/, '') as SortKey;
  const descending = sort.startsWith('-');
  const sortBy = (key: SortKey) => set('sort', key === sortKey && !descending ? `-${key}` : key === 'createdAt' ? undefined : key);
  // a function, not a component: the header's button keeps its focus when the sort changes
  const sortHeader = (id: SortKey, label: string) => (
    <th key={id} scope="col" aria-sort={sortKey === id ? (descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className={styles.sortButton} onClick={() => sortBy(id)}>
        {label}
        {sortKey === id && (descending ? <ArrowDown size={13} aria-hidden /> : <ArrowUp size={13} aria-hidden />)}
      </button>
    </th>
  );

  return (
    <>
      <DealsHeader current="list" canCreate={!!pipelines.data?.length}
        onCreate={() => setCreating(true)}
        extra={<ExportMenu onExport={(kind) => downloadDeals(query, kind)} />} />
      <DealFilters pipelines={pipelines.data ?? []} pipelineId={filters.pipelineId} ownerId={filters.ownerId}
        teamId={filters.teamId} onChange={set} busy={list.isFetching && !list.isFetchingNextPage}
        allPipelinesLabel={t('filters.allPipelines')}>
        {pipeline && (
          <Field label={t('filters.stage')}>
            <Select value={filters.stageId ?? ''} onChange={(event) => set('stage', event.target.value || undefined)}>
              <option value="">{t('filters.allStages')}</option>
              {(pipeline.stages ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </Select>
          </Field>
        )}
        <Field label={t('filters.status')}>
          <Select value={filters.status} onChange={(event) => set('status', event.target.value === 'open' ? undefined : event.target.value)}>
            {['open', 'won', 'lost', 'all'].map((status) => <option key={status} value={status}>{t(`status.${status}`)}</option>)}
          </Select>
        </Field>
        <Field label={t('filters.closeFrom')}>
          <input type="date" className={inputClass} value={filters.closeFrom ?? ''}
            onChange={(event) => set('closeFrom', event.target.value || undefined)} />
        </Field>
        <Field label={t('filters.closeTo')}>
          <input type="date" className={inputClass} value={filters.closeTo ?? ''}
            onChange={(event) => set('closeTo', event.target.value || undefined)} />
        </Field>
      </DealFilters>
      {list.isError ? (
        <ProblemView error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Spinner label={t('common:app.loading')} />
      ) : deals.length === 0 ? (
        <EmptyState title={t('common:list.noMatches')} />
      ) : (
        <div className={`card ${styles.tableWrap}`}>
          <table className={styles.table}>
            <caption className="visually-hidden">{t('list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.title')}</th>
                {sortHeader('amount', t('field.amount'))}
                <th scope="col">{t('field.stage')}</th>
                <th scope="col">{t('field.owner')}</th>
                <th scope="col">{t('field.company')}</th>
                {sortHeader('expectedCloseDate', t('field.expectedCloseDate'))}
                {sortHeader('createdAt', t('field.createdAt'))}
              </tr>
            </thead>
            <tbody>
              {deals.map((deal) => (
                <tr key={deal.id}>
                  <td><Link to={`/deals/${deal.id}`}>{deal.title}</Link></td>
                  <td className={`nowrap ${styles.numeric}`}>{format.money(deal.amount, deal.currency)}</td>
                  <td>
                    <span className={styles.stageCell}>
                      {stageName(deal)}
                      {deal.status !== 'open' && <Badge tone={statusTone(deal.status)}>{t(`status.${deal.status}`)}</Badge>}
                      {!filters.pipelineId && <span className="muted">{pipelineName(deal.pipelineId)}</span>}
                    </span>
                  </td>
                  <td>{userName(deal.ownerId)}</td>
                  <td>{deal.companyName ?? ''}</td>
                  <td className="nowrap">{format.date(deal.expectedCloseDate)}</td>
                  <td className="nowrap">{format.date(deal.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <div className={styles.more}>
          <Button onClick={() => void list.fetchNextPage()} busy={list.isFetchingNextPage}>{t('common:action.loadMore')}</Button>
        </div>
      )}
      {creating && (
        <CreateDealDialog pipelines={pipelines.data ?? []} pipelineId={filters.pipelineId} onClose={() => setCreating(false)} />
      )}
    </>
  );
}
