import { useTranslation } from 'react-i18next';
import { ReportSection } from '@/features/analytics/Section';
import type { Row, Table } from '@/features/analytics/report';
import { ProblemView, Spinner } from '@/ui';
import { useProductRevenue, type RevenueRow } from './api';

const COLUMNS: Table['columns'] = [
  { key: 'product', label: 'products:revenue.product', kind: 'text' },
  { key: 'sku', label: 'products:field.sku', kind: 'text' },
  { key: 'units', label: 'products:revenue.units', kind: 'count' },
  { key: 'revenue', label: 'products:revenue.revenue', kind: 'money' },
  { key: 'deals', label: 'products:revenue.deals', kind: 'count' },
];

function tableOf(rows: RevenueRow[], currency: string | undefined): Table {
  return {
    columns: COLUMNS,
    rows: rows.filter((row) => !currency || row.currency === currency).map((row): Row => ({
      id: `${row.productId ?? row.name}|${row.currency}`,
      product: row.name, sku: row.sku ?? '', units: row.units, revenue: row.revenue, deals: row.deals,
    })),
  };
}

/** "Revenue by product" and "Best sellers" of the analytics dashboard: the line items of the deals won in the period. */
export function RevenueByProduct({ query, currency, fileName }: {
  query: { pipelineId: string; ownerId?: string; teamId?: string; from?: string; to?: string };
  currency: string | undefined;
  fileName(name: string): string;
}) {
  const { t } = useTranslation('products');
  const report = useProductRevenue(query);
  if (report.isError) return <ProblemView error={report.error} onRetry={() => void report.refetch()} />;
  if (!report.data) return <Spinner label={t('common:app.loading')} />;
  return (
    <>
      <ReportSection id="revenueByProduct" title={t('revenue.title')} hint={t('revenue.hint')}
        table={tableOf(report.data.products, currency)} currency={currency} fileName={fileName('revenue-by-product')} />
      <ReportSection id="bestSellers" title={t('revenue.bestSellers')} hint={t('revenue.bestSellersHint')}
        table={tableOf(report.data.bestSellers, currency)} currency={currency} fileName={fileName('best-sellers')} />
    </>
  );
}
