import { useQueryClient } from '@tanstack/react-query';
import { Download } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isProblem } from '@/api/problem';
import { useCustomFields } from '@/features/contacts/api';
import { useFormat } from '@/i18n/format';
import { csvBlob, saveFile } from '@/ui/csv';
import { Badge, Button, Field, inputClass, PageHeader, ProblemView, Select, Spinner } from '@/ui';
import {
  cancelImport, isActive, rememberJob, startImport, uploadImport, useImport, type ImportJob, type ReadOptions,
} from './api';
import { fileOf, keepFile } from './files';
import {
  CUSTOM_PREFIX, byRow, checkMapping, csvRecords, customFieldTypeOf, failedRowsTable, fieldsOf, initialMapping,
  mappingRequest, progressPercent, recordPath, recordTypeOf, requiredFieldOf, type Mapping, type RecordType,
} from './mapping';
import { ReadOptionsForm } from './ReadOptions';
import { Steps } from './Steps';
import { statusTone } from './status';
import styles from './imports.module.css';

/** Reading the original file again for the failed rows' cells: only for files a browser reads in a blink. */
const MAX_REREAD_BYTES = 50 * 1024 * 1024;
/** Rows 2–6: the first five data rows (row 1 is the header). */
const PREVIEW_ROWS = [2, 3, 4, 5, 6];

/**
 * `/imports/:id`: one import from mapping to its report. Everything comes from the job (`GET /api/imports/{id}`,
 * polled while it runs), so a reload, or opening the link elsewhere, shows the same step and progress.
 */
export function ImportJobPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('imports');
  const format = useFormat();
  const client = useQueryClient();
  const query = useImport(id);
  const job = query.data;

  const wasActive = useRef(false);
  useEffect(() => {
    if (!job) return;
    if (isActive(job)) wasActive.current = true;
    else if (wasActive.current) {
      wasActive.current = false;
      void client.invalidateQueries({ queryKey: ['import', 'history'] });
      if (job.mode === 'run') void client.invalidateQueries({ queryKey: [recordTypeOf(job) === 'companies' ? 'company' : 'contact'] });
    }
  }, [job, client]);

  if (query.isPending) return <Spinner />;
  if (query.error || !job) {
    return (
      <div className={styles.page}>
        <PageHeader title={t('title')} />
        <ProblemView error={query.error} onRetry={() => void query.refetch()} />
        <Link to="/imports">{t('action.newImport')}</Link>
      </div>
    );
  }

  const editable = job.status === 'uploaded' || job.status === 'validated';
  const step = job.status === 'uploaded' ? 1
    : job.status === 'validated' || (isActive(job) && job.mode === 'dry_run') ? 2
      : 3;
  return (
    <div className={styles.page}>
      <PageHeader
        title={t('jobTitle', { name: job.fileName })}
        subtitle={<span className="row"><Badge tone={statusTone(job.status)}>{t(`status.${job.status}`)}</Badge>
          <span>{t('uploadedAt', { at: format.dateTime(job.createdAt) })}</span></span>}
        actions={<Link to="/imports">{t('action.newImport')}</Link>}
      />
      <Steps current={step} />
      {editable && <Reread job={job} />}
      {isActive(job) && <Progress job={job} />}
      {(job.status === 'validated' || (!isActive(job) && !editable)) && <Report job={job} />}
      {editable && <MappingForm key={job.id} job={job} />}
      {job.status === 'completed' && recordTypeOf(job) !== 'activities' && (
        <div className={styles.actions}>
          {recordTypeOf(job) === 'companies'
            ? <Link to="/companies">{t('action.openCompanies')}</Link>
            : <Link to="/contacts?source=import">{t('action.openContacts')}</Link>}
        </div>
      )}
    </div>
  );
}

/** Reading the file again with other options is a new upload: the wizard moves to the new job. */
function Reread({ job }: { job: ImportJob }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const file = fileOf(job.id);
  const reread = async (options: ReadOptions) => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const next = await uploadImport(file, options, recordTypeOf(job));
      keepFile(next.id, file);
      rememberJob(client, next);
      navigate(`/imports/${next.id}`, { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return <ReadOptionsForm key={job.id} job={job} error={error} canReread={!!file} busy={busy} onReread={(options) => void reread(options)} />;
}

/** The person's own time zone as the browser knows it: where the dates in their files were most likely written. */
function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

function MappingForm({ job }: { job: ImportJob }) {
  const { t } = useTranslation('imports');
  const client = useQueryClient();
  const type = recordTypeOf(job);
  const activities = type === 'activities';
  const byType = (keys: Record<RecordType, string>) => t(keys[type]);
  const customFields = useCustomFields(customFieldTypeOf(type));
  const definitions = useMemo(() => customFields.data ?? [], [customFields.data]);
  const [mapping, setMapping] = useState<Mapping>();
  const [allowDuplicates, setAllowDuplicates] = useState(job.allowDuplicates ?? false);
  const [region, setRegion] = useState('');
  const [timeZone, setTimeZone] = useState(job.timeZone ?? browserTimeZone());
  const [busy, setBusy] = useState<'dry-run' | 'run'>();
  const [error, setError] = useState<unknown>();
  const localPreview = useLocalPreview(job);

  useEffect(() => {
    if (mapping === undefined && !customFields.isLoading) setMapping(initialMapping(job, definitions, type));
  }, [mapping, customFields.isLoading, job, definitions, type]);

  if (mapping === undefined) return <Spinner />;
  const check = checkMapping(mapping, type);
  // the newer API (issue #17) describes the file's format and takes a default phone region; the older refuses it
  const regionSupported = job.format !== undefined;
  const required = requiredFieldOf(type);
  const preview = job.preview ?? localPreview ?? [];

  const start = async (mode: 'dry-run' | 'run') => {
    setBusy(mode);
    setError(undefined);
    try {
      const started = await startImport(job.id, mode, {
        mapping: mappingRequest(mapping),
        allowDuplicates,
        defaultPhoneRegion: regionSupported && region.trim() ? region.trim().toUpperCase() : undefined,
        timeZone: activities && timeZone.trim() ? timeZone.trim() : undefined,
      });
      rememberJob(client, started);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(undefined);
    }
  };
  const mappingErrors = isProblem(error) ? error.errors.filter((e) => e.field === 'mapping' || e.field.startsWith('mapping.')) : [];
  const otherErrors = isProblem(error) ? error.errors.filter((e) => !mappingErrors.includes(e)) : [];
  const regionError = otherErrors.find((e) => e.field === 'defaultPhoneRegion')?.message;
  const timeZoneError = otherErrors.find((e) => e.field === 'timeZone')?.message;

  return (
    <section className={styles.section} aria-labelledby="mapping-title">
      <h2 id="mapping-title">{t('map.title')}</h2>
      <p className="muted">{byType({ contacts: 'map.hint', companies: 'map.hintCompanies', activities: 'map.hintActivities' })}</p>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">{t('map.column')}</th>
              <th scope="col" className={styles.samples}>{t('map.sample')}</th>
              <th scope="col">{t('map.field')}</th>
            </tr>
          </thead>
          <tbody>
            {job.columns.map((column, index) => {
              const field = mapping[column] ?? '';
              const samples = preview.map((row) => row[index] ?? '').filter((value) => value !== '').slice(0, 3);
              return (
                <tr key={column}>
                  <th scope="row" className={styles.column}>{column}</th>
                  <td className={`${styles.sample} ${styles.samples}`} title={samples.join(', ')}>{samples.join(', ') || '—'}</td>
                  <td>
                    <Select
                      className={styles.mapSelect}
                      aria-label={t('map.fieldFor', { column })}
                      aria-invalid={check.twice.has(field) || undefined}
                      value={field}
                      data-column={column}
                      onChange={(event) => setMapping({ ...mapping, [column]: event.target.value })}
                    >
                      <option value="">{t('map.skip')}</option>
                      <optgroup label={byType({ contacts: 'map.standard', companies: 'map.standardCompanies', activities: 'map.standardActivities' })}>
                        {fieldsOf(type).map((name) => (
                          <option key={name} value={name}>{t(`field.${name}`)}{name === required ? ' *' : ''}</option>
                        ))}
                      </optgroup>
                      {definitions.length > 0 && (
                        <optgroup label={t('map.custom')}>
                          {definitions.map((definition) => (
                            <option key={definition.key} value={CUSTOM_PREFIX + definition.key}>{definition.label}</option>
                          ))}
                        </optgroup>
                      )}
                    </Select>
                    {check.twice.has(field) && <div className={styles.warning} role="alert">{t('map.twice')}</div>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {customFields.error && <ProblemView error={customFields.error} compact onRetry={() => void customFields.refetch()} />}
      {check.missingRequired && (
        <p className={styles.warning} role="alert">
          {byType({ contacts: 'map.missingFirstName', companies: 'map.missingName', activities: 'map.missingOccurredAt' })}
        </p>
      )}
      {check.missingContact && <p className={styles.warning} role="alert">{t('map.missingContact')}</p>}
      {mappingErrors.length > 0 && (
        <ul className={styles.warning} role="alert" aria-label={t('map.refused')}>
          {mappingErrors.map((e) => <li key={e.message}>{e.message}</li>)}
        </ul>
      )}
      {preview.length > 0 && <Preview columns={job.columns} rows={preview} />}
      <div className={styles.options}>
        <label className={styles.check}>
          <input type="checkbox" checked={allowDuplicates} onChange={(event) => setAllowDuplicates(event.target.checked)} />
          {byType({ contacts: 'options.allowDuplicates', companies: 'options.allowDuplicateCompanies', activities: 'options.allowDuplicateActivities' })}
        </label>
        {regionSupported && (
          <Field label={t('options.phoneRegion')} hint={t('options.phoneRegionHint')} error={regionError}>
            <input className={inputClass} value={region} maxLength={2} onChange={(event) => setRegion(event.target.value)}
              autoComplete="off" placeholder="RU" />
          </Field>
        )}
        {activities && (
          <Field label={t('options.timeZone')} hint={t('options.timeZoneHint')} error={timeZoneError}>
            <input className={inputClass} value={timeZone} onChange={(event) => setTimeZone(event.target.value)}
              autoComplete="off" placeholder="Europe/Moscow" />
          </Field>
        )}
      </div>
      <div className={styles.actions}>
        <Button variant={job.status === 'validated' ? 'secondary' : 'primary'} busy={busy === 'dry-run'} disabled={busy !== undefined}
          onClick={() => void start('dry-run')}>
          {job.status === 'validated' ? t('action.dryRunAgain') : t('action.dryRun')}
        </Button>
        <Button variant={job.status === 'validated' ? 'primary' : 'secondary'} busy={busy === 'run'} disabled={busy !== undefined}
          onClick={() => void start('run')}>
          {t('action.run')}
        </Button>
        {error !== undefined && mappingErrors.length === 0 && !regionError && !timeZoneError && <ProblemView error={error} compact />}
      </div>
    </section>
  );
}

/**
 * The first rows of a CSV file still in this tab, for a service that sends no `preview` of its own: read from the
 * file's first 64 KB as the service reads it (its encoding and delimiter when it reports them).
 */
function useLocalPreview(job: ImportJob): string[][] | undefined {
  const [rows, setRows] = useState<string[][]>();
  useEffect(() => {
    const file = fileOf(job.id);
    if (job.preview || !file || (job.format ?? 'csv') !== 'csv') return;
    let live = true;
    void file.slice(0, 64 * 1024).arrayBuffer().then((bytes) => {
      const text = new TextDecoder(job.encoding ?? 'utf-8').decode(bytes);
      const records = csvRecords(text, job.delimiter ?? ',', new Set(PREVIEW_ROWS));
      if (live) setRows(PREVIEW_ROWS.map((row) => records.get(row)).filter((row): row is string[] => row !== undefined));
    }).catch(() => undefined); // a preview is a help, not a step: without it the mapping still works
    return () => {
      live = false;
    };
  }, [job.id, job.preview, job.format, job.encoding, job.delimiter]);
  return rows;
}

function Preview({ columns, rows }: { columns: string[]; rows: string[][] }) {
  const { t } = useTranslation('imports');
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} aria-label={t('map.preview')}>
        <caption className="visually-hidden">{t('map.preview')}</caption>
        <thead>
          <tr>{columns.map((column) => <th key={column} scope="col">{column}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>{columns.map((column, cell) => <td key={column} className={styles.sample}>{row[cell] ?? ''}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Figures({ job }: { job: ImportJob }) {
  const { t } = useTranslation('imports');
  const format = useFormat();
  const dryRun = job.mode === 'dry_run';
  const figures: [string, number | null | undefined, boolean?][] = [
    ['rowsProcessed', job.rowsProcessed],
    [dryRun ? 'wouldCreate' : 'created', job.created],
    ...(job.updated != null ? [[dryRun ? 'wouldUpdate' : 'updated', job.updated] as [string, number]] : []),
    ['duplicates', job.duplicates],
    ['failed', job.failed, job.failed > 0],
  ];
  return (
    <dl className={styles.figures} data-testid="import-figures">
      {figures.map(([name, value, bad]) => (
        <div key={name} data-figure={name}>
          <dt>{t(`figure.${name}`)}</dt>
          <dd className={bad ? styles.bad : undefined}>{format.number(value ?? 0)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Progress({ job }: { job: ImportJob }) {
  const { t } = useTranslation('imports');
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const percent = progressPercent(job);
  const label = job.mode === 'dry_run' ? t('progress.dryRun') : t('progress.run');
  return (
    <section className={styles.section} aria-labelledby="progress-title">
      <h2 id="progress-title">{label}</h2>
      <div
        className={[styles.bar, percent === undefined ? styles.indeterminate : ''].join(' ')}
        role="progressbar"
        aria-labelledby="progress-title"
        aria-valuemin={percent === undefined ? undefined : 0}
        aria-valuemax={percent === undefined ? undefined : 100}
        aria-valuenow={percent}
        aria-valuetext={t('progress.rows', { count: job.rowsProcessed })}
      >
        <span style={percent === undefined ? undefined : { width: `${percent}%` }} />
      </div>
      <p aria-live="polite" className="muted">
        {job.status === 'queued' ? t('progress.queued') : t('progress.rows', { count: job.rowsProcessed })}
      </p>
      <Figures job={job} />
      <div className={styles.actions}>
        <Button variant="danger" busy={busy} onClick={async () => {
          setBusy(true);
          setError(undefined);
          try {
            rememberJob(client, await cancelImport(job.id));
          } catch (failure) {
            setError(failure);
          } finally {
            setBusy(false);
          }
        }}>
          {t('action.cancel')}
        </Button>
        {error !== undefined && <ProblemView error={error} compact />}
      </div>
    </section>
  );
}

function Report({ job }: { job: ImportJob }) {
  const { t } = useTranslation('imports');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const dryRun = job.status === 'validated';
  const rows = byRow(job.rowErrors);
  const warnings = byRow(job.warnings ?? []);

  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const header = { row: t('download.row'), column: t('download.column'), field: t('download.field'), reason: t('download.reason') };
      const file = fileOf(job.id);
      let original: Map<number, string[]> | undefined;
      if (file && file.size <= MAX_REREAD_BYTES && (job.format ?? 'csv') === 'csv') {
        const text = new TextDecoder(job.encoding ?? 'utf-8').decode(await file.arrayBuffer());
        original = csvRecords(text, job.delimiter ?? ',', new Set(job.rowErrors.map((e) => e.row)));
      }
      const base = job.fileName.replace(/\.[^.]+$/, '');
      saveFile(csvBlob(failedRowsTable(job, header, original)), `${base}-${dryRun ? 'check' : 'failed-rows'}.csv`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={styles.section} aria-labelledby="report-title">
      <h2 id="report-title">{dryRun ? t('report.dryRunTitle') : t('report.title')}</h2>
      {dryRun && <p className="muted">{t('report.dryRunHint')}</p>}
      {job.status === 'failed' && job.failure && <p className={styles.warning} role="alert">{job.failure}</p>}
      {job.status === 'cancelled' && <p className="muted">{t('report.cancelled')}</p>}
      <Figures job={job} />
      {rows.length === 0 && <p>{t('report.noProblems')}</p>}
      {rows.length > 0 && (
        <>
          <div className={styles.actions}>
            <Button busy={busy} onClick={() => void download()} data-testid="import-download-failed">
              <Download size={15} aria-hidden /> {t('action.downloadFailed', { count: rows.length })}
            </Button>
            {job.rowErrors.length >= 500 && <span className="muted">{t('report.capped')}</span>}
            {error !== undefined && <ProblemView error={error} compact />}
          </div>
          <RowTable title={t('report.problems')} rows={rows} />
        </>
      )}
      {warnings.length > 0 && <RowTable title={t('report.warnings')} rows={warnings} />}
      {!dryRun && (job.records ?? []).length > 0 && <CreatedRecords job={job} />}
    </section>
  );
}

/** The records the run created (the first 200 the service keeps), each a link to its page. */
function CreatedRecords({ job }: { job: ImportJob }) {
  const { t } = useTranslation('imports');
  const type = recordTypeOf(job);
  const records = job.records ?? [];
  return (
    <div className={styles.created} data-testid="import-created">
      <h3 id="import-created-title">{t(`report.created.${type}`)}</h3>
      <ul aria-labelledby="import-created-title">
        {records.map((record) => (
          <li key={record.row}>
            <Link to={recordPath(type, record.id)}>{record.name || record.id}</Link>
            <span className="muted"> · {t('download.row')} {record.row}</span>
          </li>
        ))}
      </ul>
      {records.length < job.created && <p className="muted">{t('report.createdCapped', { count: records.length })}</p>}
    </div>
  );
}

function RowTable({ title, rows }: { title: string; rows: ReturnType<typeof byRow> }) {
  const { t } = useTranslation('imports');
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} data-testid="import-row-report">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('download.row')}</th>
            <th scope="col">{t('download.field')}</th>
            <th scope="col">{t('download.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.flatMap(([row, errors]) => errors.map((error, index) => (
            <tr key={`${row}-${index}`}>
              <td>{index === 0 ? row : ''}</td>
              <td>{error.field ? t(`field.${error.field}`, { defaultValue: error.field }) : '—'}</td>
              <td>{error.message}</td>
            </tr>
          )))}
        </tbody>
      </table>
    </div>
  );
}
