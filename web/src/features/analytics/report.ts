import type { components } from '@/api/generated/deals-service';
import type { Formatters } from '@/i18n/format';
import type { CsvCell } from '@/ui/csv';

export type AnalyticsReport = components['schemas']['Report'];
type Money = Record<string, number> | undefined;

/** How a column's values are shown: counts and money in the person's locale, rates as percentages. */
export type ColumnKind = 'text' | 'count' | 'money' | 'rate' | 'days' | 'date';

export interface Column {
  key: string;
  /** Translation key in the analytics namespace (columns.*). */
  label: string;
  kind: ColumnKind;
}

export type Row = Record<string, string | number | null> & { id: string };

/** One report of the dashboard as a table: what the table toggle shows and the CSV export writes. */
export interface Table {
  columns: Column[];
  rows: Row[];
}

/** Every currency the report has money in, most used first (open value, then won revenue). */
export function currenciesOf(report: AnalyticsReport | undefined): string[] {
  if (!report) return [];
  const seen = new Set<string>();
  const add = (money: Money) => Object.keys(money ?? {}).forEach((currency) => seen.add(currency));
  add(report.openValue);
  add(report.averageDealSize);
  report.forecast?.forEach((month) => add(month.unweighted));
  report.owners?.forEach((owner) => {
    add(owner.revenue);
    add(owner.openValue);
  });
  return [...seen].sort((a, b) => (report.openValue?.[b] ?? 0) - (report.openValue?.[a] ?? 0) || a.localeCompare(b));
}

/** The amount in one currency; 0 when there is none in it (sums), never a conversion. */
export const amountIn = (money: Money, currency: string | undefined): number => (currency ? money?.[currency] ?? 0 : 0);

export function funnelTable(report: AnalyticsReport): Table {
  return {
    columns: [
      { key: 'stage', label: 'columns.stage', kind: 'text' },
      { key: 'reached', label: 'columns.reached', kind: 'count' },
      { key: 'next', label: 'columns.nextStage', kind: 'text' },
      { key: 'advanced', label: 'columns.advanced', kind: 'count' },
      { key: 'rate', label: 'columns.conversion', kind: 'rate' },
    ],
    rows: (report.conversion ?? []).map((step) => ({
      id: step.fromStageId ?? '',
      stage: step.fromStageName ?? '',
      reached: step.reached ?? 0,
      next: step.toStageName ?? '',
      advanced: step.advanced ?? 0,
      rate: step.rate ?? null,
    })),
  };
}

export function lostByReasonTable(report: AnalyticsReport): Table {
  return {
    columns: [
      { key: 'reason', label: 'columns.reason', kind: 'text' },
      { key: 'count', label: 'columns.deals', kind: 'count' },
    ],
    rows: Object.entries(report.lostByReason ?? {})
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([reason, count]) => ({ id: reason, reason, count })),
  };
}

export function lostByStageTable(report: AnalyticsReport): Table {
  return {
    columns: [
      { key: 'stage', label: 'columns.stage', kind: 'text' },
      { key: 'count', label: 'columns.deals', kind: 'count' },
    ],
    rows: (report.lostByStage ?? []).map((stage) => ({
      id: stage.stageId ?? '', stage: stage.stageName ?? stage.stageId ?? '', count: stage.count ?? 0,
    })),
  };
}

/** Months in order, the deals without an expected close date last. */
export function forecastTable(report: AnalyticsReport, currency: string | undefined): Table {
  const months = [...(report.forecast ?? [])].sort((a, b) =>
    a.month === 'unscheduled' ? 1 : b.month === 'unscheduled' ? -1 : (a.month ?? '').localeCompare(b.month ?? ''));
  return {
    columns: [
      { key: 'month', label: 'columns.month', kind: 'text' },
      { key: 'deals', label: 'columns.deals', kind: 'count' },
      { key: 'weighted', label: 'columns.weighted', kind: 'money' },
      { key: 'unweighted', label: 'columns.unweighted', kind: 'money' },
    ],
    rows: months.map((month) => ({
      id: month.month ?? '',
      month: month.month ?? '',
      deals: month.deals ?? 0,
      weighted: amountIn(month.weighted, currency),
      unweighted: amountIn(month.unweighted, currency),
    })),
  };
}

/** One row per rep, in the API's order (most deals won first). */
export function leaderboardTable(report: AnalyticsReport, currency: string | undefined, name: (id: string) => string): Table {
  return {
    columns: [
      { key: 'rep', label: 'columns.rep', kind: 'text' },
      { key: 'won', label: 'columns.won', kind: 'count' },
      { key: 'revenue', label: 'columns.revenue', kind: 'money' },
      { key: 'openDeals', label: 'columns.openDeals', kind: 'count' },
      { key: 'openValue', label: 'columns.openValue', kind: 'money' },
    ],
    rows: (report.owners ?? []).map((owner) => ({
      id: owner.ownerId ?? '',
      rep: name(owner.ownerId ?? ''),
      won: owner.wonCount ?? 0,
      revenue: amountIn(owner.revenue, currency),
      openDeals: owner.openDeals ?? 0,
      openValue: amountIn(owner.openValue, currency),
    })),
  };
}

/** The headline figures; money in the chosen currency. */
export function summaryTable(report: AnalyticsReport, currency: string | undefined): Table {
  const average = currency ? report.averageDealSize?.[currency] : undefined;
  return {
    columns: [
      { key: 'figure', label: 'columns.figure', kind: 'text' },
      { key: 'value', label: 'columns.value', kind: 'text' },
    ],
    rows: [
      { id: 'winRate', figure: 'winRate', value: report.winRate ?? null },
      { id: 'won', figure: 'won', value: report.won ?? 0 },
      { id: 'lost', figure: 'lost', value: report.lost ?? 0 },
      { id: 'averageDealSize', figure: 'averageDealSize', value: average ?? null },
      { id: 'salesCycle', figure: 'salesCycle', value: report.averageSalesCycleDays ?? null },
      { id: 'openDeals', figure: 'openDeals', value: report.openDeals ?? 0 },
      { id: 'openValue', figure: 'openValue', value: amountIn(report.openValue, currency) },
    ],
  };
}

/** A cell as the person reads it. */
export function formatCell(value: string | number | null | undefined, kind: ColumnKind, format: Formatters,
  currency: string | undefined): string {
  if (value === null || value === undefined || value === '') return kind === 'text' ? '' : '—';
  switch (kind) {
    case 'count': return format.number(Number(value));
    case 'money': return format.money(value, currency);
    case 'rate': return formatRate(Number(value), format.locale);
    case 'days': return format.number(Number(value), 1);
    case 'date': return format.date(String(value));
    case 'text': return String(value);
  }
}

/** A rate (0–1) as a percentage with at most one decimal, in the person's locale. */
export function formatRate(rate: number | null | undefined, locale: string): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/**
 * The CSV cells of a table: raw numbers (money with a point, in the column's currency; rates as percentages with
 * two decimals) so a spreadsheet can compute with them; the currency goes into the money columns' headers.
 */
export function csvOf(table: Table, label: (column: Column) => string, currency: string | undefined):
  { header: string[]; rows: CsvCell[][] } {
  return {
    header: table.columns.map((column) => column.kind === 'money' && currency ? `${label(column)} (${currency})`
      : column.kind === 'rate' ? `${label(column)} (%)` : label(column)),
    rows: table.rows.map((row) => table.columns.map((column) => {
      const value = row[column.key];
      if (value === null || value === undefined) return '';
      if (column.kind === 'rate') return Math.round(Number(value) * 10_000) / 100;
      return value;
    })),
  };
}
