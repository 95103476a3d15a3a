import { describe, expect, it } from 'vitest';
import { formatters } from '@/i18n/format';
import { csvOf, currenciesOf, forecastTable, formatCell, formatRate, funnelTable, leaderboardTable, lostByReasonTable, type AnalyticsReport } from './report';

const report: AnalyticsReport = {
  pipelineId: 'p',
  openDeals: 3,
  openValue: { USD: 50, EUR: 1200.5 },
  averageDealSize: { EUR: 300 },
  forecast: [
    { month: 'unscheduled', deals: 1, weighted: {}, unweighted: {} },
    { month: '2027-02', deals: 1, weighted: { EUR: 100.25 }, unweighted: { EUR: 200.5 } },
    { month: '2027-01', deals: 1, weighted: { USD: 5 }, unweighted: { USD: 50 } },
  ],
  conversion: [{ fromStageId: 'a', fromStageName: 'Lead', toStageId: 'b', toStageName: 'Won', reached: 3, advanced: 2, rate: 0.6667 }],
  won: 2, lost: 1, winRate: 0.6667,
  lostByReason: { price: 1, timing: 3 },
  owners: [
    { ownerId: 'ada', wonCount: 2, revenue: { EUR: 600 }, openDeals: 1, openValue: { EUR: 1000 } },
    { ownerId: 'bob', wonCount: 0, revenue: {}, openDeals: 2, openValue: { USD: 50, EUR: 200.5 } },
  ],
};

describe('analytics report tables', () => {
  it('list the currencies with the biggest open pipeline first, never converting', () => {
    expect(currenciesOf(report)).toEqual(['EUR', 'USD']);
    expect(currenciesOf(undefined)).toEqual([]);
  });

  it('order the forecast by month with the undated deals last, in one currency', () => {
    const table = forecastTable(report, 'EUR');
    expect(table.rows.map((row) => [row.month, row.deals, row.weighted, row.unweighted]))
      .toEqual([['2027-01', 1, 0, 0], ['2027-02', 1, 100.25, 200.5], ['unscheduled', 1, 0, 0]]);
  });

  it('keep the API order of the leaderboard and the funnel, and sort lost reasons by count', () => {
    expect(leaderboardTable(report, 'EUR', (id) => id.toUpperCase()).rows.map((row) => [row.rep, row.won, row.revenue, row.openDeals, row.openValue]))
      .toEqual([['ADA', 2, 600, 1, 1000], ['BOB', 0, 0, 2, 200.5]]);
    expect(funnelTable(report).rows[0]).toMatchObject({ stage: 'Lead', reached: 3, next: 'Won', advanced: 2, rate: 0.6667 });
    expect(lostByReasonTable(report).rows.map((row) => row.reason)).toEqual(['timing', 'price']);
  });

  it('format cells in the person locale and write raw numbers to CSV', () => {
    const en = formatters('en-US');
    expect(formatCell(1200.5, 'money', en, 'EUR')).toBe('€1,200.50');
    expect(formatCell(null, 'money', en, 'EUR')).toBe('—');
    expect(formatRate(0.6667, 'en-US')).toBe('66.7%');
    expect(formatRate(0.5, 'ru-RU')).toBe('50\u00a0%');
    const csv = csvOf(funnelTable(report), (column) => column.key, 'EUR');
    expect(csv.header).toEqual(['stage', 'reached', 'next', 'advanced', 'rate (%)']);
    expect(csv.rows).toEqual([['Lead', 3, 'Won', 2, 66.67]]);
    expect(csvOf(leaderboardTable(report, 'EUR', (id) => id), (column) => column.key, 'EUR').header[2]).toBe('revenue (EUR)');
  });
});
