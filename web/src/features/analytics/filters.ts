/**
 * The dashboard's filters live in the URL (a dashboard is a link, survives a reload): `pipeline`, `team`, `owner`,
 * `period` (a preset or `custom` with `from`/`to`), `currency`. Presets turn into the API's inclusive `from`/`to`
 * dates relative to today.
 */
export const PERIODS = ['this-month', 'last-month', 'this-quarter', 'last-quarter', 'this-year', 'last-12-months', 'all', 'custom'] as const;
export type Period = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: Period = 'this-quarter';

export interface AnalyticsFilters {
  pipelineId?: string;
  teamId?: string;
  ownerId?: string;
  period: Period;
  /** Only with the custom period (yyyy-MM-dd, inclusive). */
  from?: string;
  to?: string;
  currency?: string;
}

export function readFilters(params: URLSearchParams): AnalyticsFilters {
  const period = params.get('period');
  return {
    pipelineId: params.get('pipeline') || undefined,
    teamId: params.get('team') || undefined,
    ownerId: params.get('owner') || undefined,
    period: (PERIODS as readonly string[]).includes(period ?? '') ? (period as Period) : DEFAULT_PERIOD,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
    currency: params.get('currency') || undefined,
  };
}

export function writeFilters(filters: AnalyticsFilters): URLSearchParams {
  const params = new URLSearchParams();
  const put = (key: string, value: string | undefined) => {
    if (value) params.set(key, value);
  };
  put('pipeline', filters.pipelineId);
  put('team', filters.teamId);
  put('owner', filters.ownerId);
  if (filters.period !== DEFAULT_PERIOD) params.set('period', filters.period);
  if (filters.period === 'custom') {
    put('from', filters.from);
    put('to', filters.to);
  }
  put('currency', filters.currency);
  return params;
}

const iso = (date: Date) => date.toISOString().slice(0, 10);
const day = (year: number, month: number, date: number) => new Date(Date.UTC(year, month, date));

/** The API's `from`/`to` for a period, as calendar dates around `today`; both undefined for all time. */
export function periodRange(filters: Pick<AnalyticsFilters, 'period' | 'from' | 'to'>, today: Date = new Date()):
  { from?: string; to?: string } {
  const y = today.getFullYear();
  const m = today.getMonth();
  const quarter = Math.floor(m / 3) * 3;
  switch (filters.period) {
    case 'this-month': return { from: iso(day(y, m, 1)), to: iso(day(y, m + 1, 0)) };
    case 'last-month': return { from: iso(day(y, m - 1, 1)), to: iso(day(y, m, 0)) };
    case 'this-quarter': return { from: iso(day(y, quarter, 1)), to: iso(day(y, quarter + 3, 0)) };
    case 'last-quarter': return { from: iso(day(y, quarter - 3, 1)), to: iso(day(y, quarter, 0)) };
    case 'this-year': return { from: iso(day(y, 0, 1)), to: iso(day(y, 11, 31)) };
    case 'last-12-months': return { from: iso(day(y, m - 11, 1)), to: iso(day(y, m + 1, 0)) };
    case 'all': return {};
    case 'custom': return { from: filters.from, to: filters.to };
  }
}
