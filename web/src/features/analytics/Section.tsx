import { BarChart3, Download, Table2 } from 'lucide-react';
import { Suspense, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@/i18n/format';
import { Button, EmptyState, Spinner } from '@/ui';
import { csvBlob, saveFile } from '@/ui/csv';
import { useCsvDelimiter } from './delimiter';
import { csvOf, formatCell, type Column, type Row, type Table } from './report';
import styles from './analytics.module.css';

/**
 * One report of the dashboard: its chart, with its numbers one click away (the table toggle), and its CSV export
 * written from the same table.
 */
export function ReportSection({ id, title, hint, table, currency, fileName, chart, cell, defaultView = 'chart' }: {
  id: string;
  title: string;
  hint?: string;
  table: Table;
  currency: string | undefined;
  fileName: string;
  /** Absent: the report is a table only. */
  chart?: ReactNode;
  /** How a cell shows (links, translated labels); the formatted value by default. */
  cell?: (column: Column, row: Row, formatted: string) => ReactNode;
  defaultView?: 'chart' | 'table';
}) {
  const { t } = useTranslation('analytics');
  const headingId = useId();
  const [view, setView] = useState<'chart' | 'table'>(chart ? defaultView : 'table');
  const delimiter = useCsvDelimiter();
  const exportCsv = () => {
    const { header, rows } = csvOf(table, (column) => t(column.label), currency);
    saveFile(csvBlob([header, ...rows], delimiter), fileName);
  };
  return (
    <section className={styles.section} aria-labelledby={headingId} data-report={id}>
      <header className={styles.sectionHeader}>
        <div>
          <h2 id={headingId}>{title}</h2>
          {hint && <p className={styles.hint}>{hint}</p>}
        </div>
        <div className={styles.sectionActions}>
          {chart && (
            <div className={styles.toggle} role="group" aria-label={t('view.label', { report: title })}>
              <button type="button" aria-pressed={view === 'chart'} onClick={() => setView('chart')}>
                <BarChart3 size={15} aria-hidden /> {t('view.chart')}
              </button>
              <button type="button" aria-pressed={view === 'table'} onClick={() => setView('table')}>
                <Table2 size={15} aria-hidden /> {t('view.table')}
              </button>
            </div>
          )}
          <Button size="sm" variant="ghost" onClick={exportCsv} disabled={table.rows.length === 0}
            aria-label={t('exportCsvOf', { report: title })}>
            <Download size={15} aria-hidden /> {t('exportCsv')}
          </Button>
        </div>
      </header>
      {table.rows.length === 0 ? (
        <EmptyState title={t('empty.title')}>{t('empty.body')}</EmptyState>
      ) : view === 'chart' && chart ? (
        <Suspense fallback={<Spinner label={t('common:app.loading')} />}>
          <figure className={styles.chart} aria-label={title}>{chart}</figure>
        </Suspense>
      ) : (
        <DataTable table={table} caption={title} currency={currency} cell={cell} />
      )}
    </section>
  );
}

export function DataTable({ table, caption, currency, cell }: {
  table: Table;
  caption: string;
  currency: string | undefined;
  cell?: (column: Column, row: Row, formatted: string) => ReactNode;
}) {
  const { t } = useTranslation('analytics');
  const format = useFormat();
  return (
    // a region in the Tab order: a table wider than a phone scrolls sideways with the keyboard too
    <div className={styles.tableWrap} role="region" aria-label={caption} tabIndex={0}>
      <table className={styles.table}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {table.columns.map((column) => (
              <th key={column.key} scope="col" className={column.kind === 'text' ? undefined : styles.number}>
                {t(column.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.id} data-key={row.id}>
              {table.columns.map((column, index) => {
                const formatted = formatCell(row[column.key], column.kind, format, currency);
                const content = cell ? cell(column, row, formatted) : formatted;
                return index === 0
                  ? <th key={column.key} scope="row" data-column={column.key}>{content}</th>
                  : <td key={column.key} data-column={column.key} className={column.kind === 'text' ? undefined : styles.number}>{content}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
