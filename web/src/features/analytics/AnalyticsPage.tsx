import { Clock, Download } from 'lucide-react';
import { lazy, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isProblem, splitFieldErrors } from '@/api/problem';
import { useTeams, useUserName } from '@/api/users';
import { useHasRole, useMe } from '@/auth/AuthContext';
import { usePipelines } from '@/features/deals/api';
import { useFormat, type Formatters } from '@/i18n/format';
import { Button, EmptyState, Field, inputClass, PageHeader, ProblemView, Select, Spinner, UserSelect } from '@/ui';
import { useAnalytics, useStalledDeals } from './api';
import { csvBlob, saveFile, type CsvDelimiter } from '@/ui/csv';
import { chooseDelimiter, useCsvDelimiter } from './delimiter';
import { PERIODS, periodRange, readFilters, writeFilters, type AnalyticsFilters, type Period } from './filters';
import {
  amountIn, currenciesOf, forecastTable, formatRate, funnelTable, leaderboardTable, lostByReasonTable, lostByStageTable,
  type AnalyticsReport, type Row, type Table,
} from './report';
import { ReportSection } from './Section';
import { RevenueByProduct } from '@/features/products/RevenueByProduct';
import styles from './analytics.module.css';

const BarsChart = lazy(() => import('./charts'));

/** `/analytics`: the managers' dashboard per pipeline. Reps have no entry for it and see "not allowed" here. */
export function AnalyticsPage() {
  const { t } = useTranslation('analytics');
  const allowed = useHasRole('manager', 'admin');
  if (!allowed) {
    return (
      <>
        <PageHeader title={t('title')} />
        <div role="alert">
          <EmptyState title={t('notAllowed.title')}>{t('notAllowed.body')}</EmptyState>
        </div>
      </>
    );
  }
  return <Dashboard />;
}

function Dashboard() {
  const { t } = useTranslation('analytics');
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const pipelines = usePipelines();
  const pipelineId = filters.pipelineId ?? pipelines.data?.[0]?.id;
  const pipeline = pipelines.data?.find((candidate) => candidate.id === pipelineId);
  const range = periodRange(filters);
  const people = { pipelineId: pipelineId ?? '', ownerId: filters.ownerId, teamId: filters.teamId };
  const report = useAnalytics(pipelineId ? { ...people, ...range } : undefined);
  const stalled = useStalledDeals(pipelineId ? people : undefined);
  const currencies = currenciesOf(report.data);
  const currency = filters.currency ?? currencies[0];
  const update = (patch: Partial<AnalyticsFilters>) => setParams(writeFilters({ ...filters, ...patch }), { replace: true });
  const fieldErrors = isProblem(report.error) && report.error.status === 400
    ? splitFieldErrors(report.error, ['from', 'to', 'teamId', 'ownerId']).byField : {};
  const delimiter = useCsvDelimiter();
  const fileName = (report: string) =>
    ['pulse', report, pipeline?.name ?? pipelineId, range.from, range.to, currency].filter(Boolean).join('-')
      .replace(/[^\p{L}\p{N}._-]+/gu, '_') + '.csv';

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} actions={report.data && (
        <>
          <Select aria-label={t('common:export.delimiter')} value={delimiter} className={styles.delimiter}
            onChange={(event) => chooseDelimiter(event.target.value === ';' ? ';' : ',')}>
            <option value=",">{t('common:export.delimiters.comma')}</option>
            <option value=";">{t('common:export.delimiters.semicolon')}</option>
          </Select>
          <Button size="sm" variant="ghost" aria-label={t('exportCsvOf', { report: t('kpi.label') })}
            onClick={() => exportSummary(report.data, currency, fileName('summary'), t, delimiter)}>
            <Download size={15} aria-hidden /> {t('exportSummary')}
          </Button>
        </>
      )} />
      <FilterBar filters={filters} pipelineId={pipelineId} currencies={currencies} currency={currency}
        busy={report.isFetching} errors={fieldErrors} onChange={update} />
      {pipelines.isError ? (
        <ProblemView error={pipelines.error} onRetry={() => void pipelines.refetch()} />
      ) : pipelines.isPending ? (
        <Spinner label={t('common:app.loading')} />
      ) : !pipelineId ? (
        <EmptyState title={t('noPipelines')} />
      ) : report.isError && Object.keys(fieldErrors).length === 0 ? (
        <ProblemView error={report.error} onRetry={() => void report.refetch()} />
      ) : !report.data ? (
        <Spinner label={t('common:app.loading')} />
      ) : (
        <Reports report={report.data} currency={currency} fileName={fileName} stalled={
          stalled.isError ? <ProblemView error={stalled.error} onRetry={() => void stalled.refetch()} compact />
            : stalled.isPending ? <Spinner label={t('common:app.loading')} />
              : <StalledDeals deals={stalled.data?.items ?? []} more={!!stalled.data?.nextCursor} fileName={fileName('stalled')}
                stageName={(id) => pipeline?.stages?.find((stage) => stage.id === id)?.name ?? id ?? ''} />
        } />
      )}
      {pipelineId && report.data && <RevenueByProduct query={{ ...people, ...range }} currency={currency} fileName={fileName} />}
    </>
  );
}

function FilterBar({ filters, pipelineId, currencies, currency, busy, errors, onChange }: {
  filters: AnalyticsFilters;
  pipelineId: string | undefined;
  currencies: string[];
  currency: string | undefined;
  busy: boolean;
  errors: Record<string, string>;
  onChange(patch: Partial<AnalyticsFilters>): void;
}) {
  const { t } = useTranslation('analytics');
  const me = useMe();
  const isAdmin = useHasRole('admin');
  const pipelines = usePipelines();
  const teams = useTeams();
  // managers see their own team's deals only: the other teams would always be empty
  const teamChoices = (teams.data ?? []).filter((team) => isAdmin || team.id === me.team);
  const ownerTeam = filters.teamId ?? (isAdmin ? undefined : me.team);
  const currencyChoices = currency && !currencies.includes(currency) ? [...currencies, currency] : currencies;
  return (
    <div className={styles.filters} role="search" aria-label={t('filters.label')}>
      <Field label={t('filters.pipeline')}>
        <Select value={pipelineId ?? ''} onChange={(event) => onChange({ pipelineId: event.target.value || undefined })}>
          {(pipelines.data ?? []).map((pipeline) => <option key={pipeline.id} value={pipeline.id}>{pipeline.name}</option>)}
        </Select>
      </Field>
      <Field label={t('filters.team')} error={errors.teamId}>
        <Select value={filters.teamId ?? ''} disabled={teams.isPending}
          onChange={(event) => onChange({ teamId: event.target.value || undefined, ownerId: undefined })}>
          <option value="">{isAdmin ? t('filters.allTeams') : t('filters.myTeam')}</option>
          {teamChoices.map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
        </Select>
      </Field>
      <Field label={t('filters.owner')} error={errors.ownerId}>
        <UserSelect value={filters.ownerId ?? ''} emptyLabel={t('filters.everyone')}
          filter={ownerTeam ? (user) => user.team === ownerTeam : undefined}
          onChange={(event) => onChange({ ownerId: event.target.value || undefined })} />
      </Field>
      <Field label={t('filters.period')}>
        <Select value={filters.period} onChange={(event) => onChange({ period: event.target.value as Period })}>
          {PERIODS.map((period) => <option key={period} value={period}>{t(`period.${period}`)}</option>)}
        </Select>
      </Field>
      {filters.period === 'custom' && (
        <>
          <Field label={t('filters.from')} error={errors.from}>
            <input type="date" className={inputClass} value={filters.from ?? ''}
              onChange={(event) => onChange({ from: event.target.value || undefined })} />
          </Field>
          <Field label={t('filters.to')} error={errors.to}>
            <input type="date" className={inputClass} value={filters.to ?? ''}
              onChange={(event) => onChange({ to: event.target.value || undefined })} />
          </Field>
        </>
      )}
      <Field label={t('filters.currency')}>
        <Select value={currency ?? ''} disabled={currencyChoices.length === 0}
          onChange={(event) => onChange({ currency: event.target.value || undefined })}>
          {currencyChoices.length === 0 && <option value="">{t('filters.noMoney')}</option>}
          {currencyChoices.map((code) => <option key={code} value={code}>{code}</option>)}
        </Select>
      </Field>
      {busy && <Spinner label={t('common:app.loading')} />}
      {currencies.length > 1 && <p className={`muted ${styles.note}`}>{t('filters.noConversion')}</p>}
    </div>
  );
}

function Reports({ report, currency, fileName, stalled }: {
  report: AnalyticsReport;
  currency: string | undefined;
  fileName: (report: string) => string;
  stalled: ReactNode;
}) {
  const { t } = useTranslation('analytics');
  const format = useFormat();
  const name = useUserName();
  const money = (value: number) => format.money(value, currency);
  const count = (value: number) => format.number(value);
  const funnel = funnelTable(report);
  const byReason = lostByReasonTable(report);
  const byStage = lostByStageTable(report);
  const forecast = forecastTable(report, currency);
  const leaderboard = leaderboardTable(report, currency, name);
  const month = (row: Row) => monthLabel(String(row.month), format, t('forecast.unscheduled'));
  const average = currency ? report.averageDealSize?.[currency] : undefined;

  return (
    <div className={styles.dashboard}>
      <section className={styles.kpis} aria-label={t('kpi.label')} data-report="summary">
        <Kpi id="winRate" label={t('kpi.winRate')} value={formatRate(report.winRate, format.locale)}
          detail={t('kpi.wonLost', { won: format.number(report.won ?? 0), lost: format.number(report.lost ?? 0) })} />
        <Kpi id="won" label={t('kpi.won')} value={format.number(report.won ?? 0)} />
        <Kpi id="lost" label={t('kpi.lost')} value={format.number(report.lost ?? 0)} />
        <Kpi id="averageDealSize" label={t('kpi.averageDealSize')} value={average === undefined ? '—' : money(average)} />
        <Kpi id="salesCycle" label={t('kpi.salesCycle')}
          value={report.averageSalesCycleDays == null ? '—' : t('kpi.days', { count: report.averageSalesCycleDays, value: format.number(report.averageSalesCycleDays, 1) })} />
        <Kpi id="openDeals" label={t('kpi.openDeals')} value={format.number(report.openDeals ?? 0)} />
        <Kpi id="openValue" label={t('kpi.openValue')} value={money(amountIn(report.openValue, currency))} />
      </section>

      <ReportSection id="funnel" title={t('funnel.title')} hint={t('funnel.hint')} table={funnel} currency={currency}
        fileName={fileName('funnel')}
        chart={<BarsChart rows={funnel.rows} labelKey="stage" horizontal format={count}
          bars={[{ key: 'reached', name: t('columns.reached'), tone: 'soft' }, { key: 'advanced', name: t('columns.advanced') }]} />} />

      <ReportSection id="forecast" title={t('forecast.title')} hint={t('forecast.hint')} table={forecast} currency={currency}
        fileName={fileName('forecast')}
        cell={(column, row, formatted) => (column.key === 'month' ? month(row) : formatted)}
        chart={<BarsChart rows={forecast.rows} labelKey="month" label={month} format={money}
          bars={[{ key: 'weighted', name: t('columns.weighted') }, { key: 'unweighted', name: t('columns.unweighted'), tone: 'soft' }]} />} />

      <div className={styles.pair}>
        <ReportSection id="lostByReason" title={t('lostByReason.title')} table={byReason} currency={currency}
          fileName={fileName('lost-by-reason')}
          chart={<BarsChart rows={byReason.rows} labelKey="reason" horizontal format={count}
            bars={[{ key: 'count', name: t('columns.deals'), tone: 'danger' }]} />} />
        <ReportSection id="lostByStage" title={t('lostByStage.title')} table={byStage} currency={currency}
          fileName={fileName('lost-by-stage')}
          chart={<BarsChart rows={byStage.rows} labelKey="stage" horizontal format={count}
            bars={[{ key: 'count', name: t('columns.deals'), tone: 'danger' }]} />} />
      </div>

      <ReportSection id="leaderboard" title={t('leaderboard.title')} hint={t('leaderboard.hint')} table={leaderboard}
        currency={currency} fileName={fileName('leaderboard')} defaultView="table"
        chart={<BarsChart rows={leaderboard.rows} labelKey="rep" horizontal format={money}
          bars={[{ key: 'revenue', name: t('columns.revenue') }, { key: 'openValue', name: t('columns.openValue'), tone: 'soft' }]} />} />

      {stalled}
    </div>
  );
}

/** The key figures as CSV: one line per figure, raw numbers (money in the chosen currency, the win rate in %). */
function exportSummary(report: AnalyticsReport, currency: string | undefined, fileName: string, t: TFunction<'analytics'>,
  delimiter: CsvDelimiter) {
  const withCurrency = (label: string) => (currency ? `${label} (${currency})` : label);
  const rows: [string, number | null][] = [
    [`${t('kpi.winRate')} (%)`, report.winRate == null ? null : Math.round(report.winRate * 10_000) / 100],
    [t('kpi.won'), report.won ?? 0],
    [t('kpi.lost'), report.lost ?? 0],
    [withCurrency(t('kpi.averageDealSize')), currency ? report.averageDealSize?.[currency] ?? null : null],
    [t('kpi.salesCycleDays'), report.averageSalesCycleDays ?? null],
    [t('kpi.openDeals'), report.openDeals ?? 0],
    [withCurrency(t('kpi.openValue')), amountIn(report.openValue, currency)],
  ];
  saveFile(csvBlob([[t('columns.figure'), t('columns.value')], ...rows], delimiter), fileName);
}

function Kpi({ id, label, value, detail }: { id: string; label: string; value: string; detail?: string }) {
  return (
    <div className={styles.kpi} data-kpi={id}>
      <div className={styles.kpiLabel}>{label}</div>
      <div className={styles.kpiValue}>{value}</div>
      {detail && <div className={styles.kpiDetail}>{detail}</div>}
    </div>
  );
}

/** "2027-01" as the person's locale says a month ("Jan 2027", "янв. 2027 г."). */
function monthLabel(month: string, format: Formatters, unscheduled: string): string {
  if (!/^\d{4}-\d{2}$/.test(month)) return unscheduled;
  return new Intl.DateTimeFormat(format.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(`${month}-01T00:00:00Z`));
}

type StalledDeal = NonNullable<NonNullable<ReturnType<typeof useStalledDeals>['data']>['items']>[number];

/** Deals sitting in their stage past its limit, longest stalled first, each a link to the deal. */
function StalledDeals({ deals, more, fileName, stageName }: {
  deals: StalledDeal[];
  more: boolean;
  fileName: string;
  stageName(id: string | undefined): string;
}) {
  const { t } = useTranslation('analytics');
  const format = useFormat();
  const name = useUserName();
  const sorted = [...deals].sort((a, b) => (a.stalledAt ?? '').localeCompare(b.stalledAt ?? ''));
  const table: Table = {
    columns: [
      { key: 'title', label: 'columns.deal', kind: 'text' },
      { key: 'stage', label: 'columns.stage', kind: 'text' },
      { key: 'owner', label: 'columns.rep', kind: 'text' },
      { key: 'stalledAt', label: 'columns.stalledSince', kind: 'date' },
      { key: 'amount', label: 'columns.amount', kind: 'text' },
      { key: 'currency', label: 'columns.currency', kind: 'text' },
    ],
    rows: sorted.map((deal) => ({
      id: deal.id ?? '',
      title: deal.title ?? '',
      stage: stageName(deal.stageId),
      owner: name(deal.ownerId),
      stalledAt: deal.stalledAt ?? null,
      amount: deal.amount ?? null,
      currency: deal.currency ?? null,
    })),
  };
  return (
    <ReportSection id="stalled" title={t('stalled.title')} hint={more ? t('stalled.more', { count: deals.length }) : t('stalled.hint')}
      table={table} currency={undefined} fileName={fileName}
      cell={(column, row, formatted) => {
        if (column.key === 'title') {
          return <Link to={`/deals/${row.id}`}><Clock size={13} aria-hidden className={styles.stalledIcon} /> {formatted}</Link>;
        }
        if (column.key === 'amount') return row.amount == null ? '—' : format.money(row.amount, String(row.currency ?? ''));
        return formatted;
      }} />
  );
}
