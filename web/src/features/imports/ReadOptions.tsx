import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '@/api/problem';
import { Button, Field, Select } from '@/ui';
import type { ImportJob, ReadOptions } from './api';
import styles from './imports.module.css';

/** Encodings offered (Java charset names, as the service reports them); a detected one not listed is added. */
const ENCODINGS = ['UTF-8', 'windows-1251', 'windows-1252', 'ISO-8859-1', 'UTF-16', 'KOI8-R'];
const DELIMITERS = [',', ';', '\t', '|'];
export const READ_FIELDS = ['encoding', 'delimiter', 'sheet'] as const;

/** The problem's messages for the read controls and for the file, by field; the rest under `other`. */
export function readProblems(error: unknown): Partial<Record<'encoding' | 'delimiter' | 'sheet' | 'file' | 'other', string>> {
  if (!isProblem(error)) return {};
  const found: Partial<Record<'encoding' | 'delimiter' | 'sheet' | 'file' | 'other', string>> = {};
  for (const { field, message } of error.errors) {
    const key = (['encoding', 'delimiter', 'sheet', 'file'] as const).find((name) => field === name) ?? 'other';
    found[key] = found[key] ? `${found[key]} ${message}` : message;
  }
  if (error.errors.length === 0) found.other = error.detail ?? error.title;
  return found;
}

/**
 * How the file is read: what the service detected, and the person's choice instead. Shown for the controls the
 * service's answer (or its refusal) speaks of; changing one reads the file again (a new upload).
 */
export function ReadOptionsForm({
  job,
  error,
  canReread,
  busy,
  onReread,
}: {
  job?: Pick<ImportJob, 'format' | 'encoding' | 'delimiter' | 'sheets' | 'sheet'>;
  error?: unknown;
  /** Whether the file is still in this tab (after a reload it must be picked again). */
  canReread: boolean;
  busy: boolean;
  onReread(options: ReadOptions): void;
}) {
  const { t } = useTranslation('imports');
  const problems = readProblems(error);
  const [encoding, setEncoding] = useState(job?.encoding ?? '');
  const [delimiter, setDelimiter] = useState(job?.delimiter ?? '');
  const [sheet, setSheet] = useState(job?.sheet ?? '');
  const isCsv = job?.format === 'csv' || (!job?.format && (job?.encoding != null || job?.delimiter != null));
  const showEncoding = isCsv || problems.encoding !== undefined;
  const showDelimiter = isCsv || problems.delimiter !== undefined;
  const showSheet = (job?.sheets?.length ?? 0) > 0 || problems.sheet !== undefined;
  if (!showEncoding && !showDelimiter && !showSheet) return null;
  const encodings = encoding && !ENCODINGS.some((e) => e.toLowerCase() === encoding.toLowerCase()) ? [encoding, ...ENCODINGS] : ENCODINGS;
  const delimiters = delimiter && !DELIMITERS.includes(delimiter) ? [delimiter, ...DELIMITERS] : DELIMITERS;
  const changed = (encoding || '') !== (job?.encoding ?? '') || (delimiter || '') !== (job?.delimiter ?? '') || (sheet || '') !== (job?.sheet ?? '');
  return (
    <section className={styles.section} aria-labelledby="read-options-title">
      <h2 id="read-options-title">{t('read.title')}</h2>
      <div className={styles.options}>
        {showEncoding && (
          <Field label={t('read.encoding')} error={problems.encoding}
            hint={job?.encoding ? t('read.detected', { value: job.encoding }) : undefined}>
            <Select value={encoding} onChange={(event) => setEncoding(event.target.value)} data-testid="import-encoding">
              {!encoding && <option value="">{t('read.choose')}</option>}
              {encodings.map((value) => <option key={value} value={value}>{value}</option>)}
            </Select>
          </Field>
        )}
        {showDelimiter && (
          <Field label={t('read.delimiter')} error={problems.delimiter}
            hint={job?.delimiter ? t('read.detected', { value: delimiterName(job.delimiter, t) }) : undefined}>
            <Select value={delimiter} onChange={(event) => setDelimiter(event.target.value)} data-testid="import-delimiter">
              {!delimiter && <option value="">{t('read.choose')}</option>}
              {delimiters.map((value) => <option key={value} value={value}>{delimiterName(value, t)}</option>)}
            </Select>
          </Field>
        )}
        {showSheet && (
          <Field label={t('read.sheet')} error={problems.sheet}>
            <Select value={sheet} onChange={(event) => setSheet(event.target.value)} data-testid="import-sheet">
              {!sheet && <option value="">{t('read.firstSheet')}</option>}
              {(job?.sheets ?? []).map((value) => <option key={value} value={value}>{value}</option>)}
            </Select>
          </Field>
        )}
      </div>
      <div className={styles.actions}>
        <Button busy={busy} disabled={!canReread || (!changed && !error)}
          onClick={() => onReread({ encoding: encoding || undefined, delimiter: delimiter || undefined, sheet: sheet || undefined })}>
          {t('read.apply')}
        </Button>
        {!canReread && <span className="muted">{t('read.pickAgain')}</span>}
        {problems.other && <span className={styles.warning} role="alert">{problems.other}</span>}
      </div>
    </section>
  );
}

function delimiterName(value: string, t: (key: string) => string): string {
  switch (value) {
    case ',': return t('read.comma');
    case ';': return t('read.semicolon');
    case '\t': return t('read.tab');
    case '|': return t('read.pipe');
    default: return value;
  }
}
