import { useQueryClient } from '@tanstack/react-query';
import { FileUp } from 'lucide-react';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Badge, EmptyState, Field, PageHeader, ProblemView, Spinner } from '@/ui';
import { useFormat } from '@/i18n/format';
import { rememberJob, uploadImport, useImportHistory, type ImportJob, type ReadOptions } from './api';
import { keepFile } from './files';
import { RECORD_TYPES, recordTypeOf, type RecordType } from './mapping';
import { ReadOptionsForm, readProblems } from './ReadOptions';
import { Steps } from './Steps';
import { statusTone } from './status';
import styles from './imports.module.css';

const ACCEPT = '.csv,.xlsx,.vcf,text/csv,text/vcard,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `/imports`: step one of the wizard (what the file holds, drop or pick a file) and the person's earlier imports. */
export function ImportsPage() {
  const { t } = useTranslation('imports');
  const navigate = useNavigate();
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File>();
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [recordType, setRecordType] = useState<RecordType>('contacts');

  const upload = async (picked: File, options: ReadOptions = {}) => {
    setFile(picked);
    setBusy(true);
    setError(undefined);
    try {
      const job = await uploadImport(picked, options, recordType);
      keepFile(job.id, picked);
      rememberJob(client, job);
      navigate(`/imports/${job.id}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) void upload(dropped);
  };

  const problems = readProblems(error);
  const readError = problems.encoding ?? problems.delimiter ?? problems.sheet;

  return (
    <div className={styles.page}>
      <PageHeader title={t(`recordType.title.${recordType}`)} subtitle={t(`recordType.subtitle.${recordType}`)} />
      <Steps current={0} />
      <fieldset className={styles.recordTypes} disabled={busy}>
        <legend>{t('recordType.label')}</legend>
        {RECORD_TYPES.map((type) => (
          <label key={type} className={styles.check}>
            <input type="radio" name="recordType" value={type} checked={recordType === type}
              data-testid={`import-record-type-${type}`}
              onChange={() => setRecordType(type)} />
            {t(`recordType.${type}`)}
          </label>
        ))}
      </fieldset>
      <div
        className={[styles.drop, over ? styles.over : ''].join(' ')}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="import-drop"
      >
        <FileUp size={32} aria-hidden />
        <strong>{t('drop.title')}</strong>
        <span className="muted">{t('drop.formats')}</span>
        <Field label={t('drop.pick')} error={problems.file ?? (readError ? undefined : problems.other)}>
          <input ref={input} type="file" accept={ACCEPT} className={styles.fileInput} disabled={busy}
            data-testid="import-file"
            onChange={(event) => {
              const picked = event.target.files?.[0];
              if (picked) void upload(picked);
              event.target.value = '';
            }} />
        </Field>
        {busy && <span className="row" role="status"><Spinner /> {t('drop.uploading', { name: file?.name ?? '' })}</span>}
      </div>
      {error !== undefined && readError !== undefined && file && (
        <ReadOptionsForm error={error} canReread busy={busy} onReread={(options) => void upload(file, options)} />
      )}
      {error !== undefined && !readError && !problems.file && !problems.other && <ProblemView error={error} />}
      <History />
    </div>
  );
}

function History() {
  const { t } = useTranslation('imports');
  const format = useFormat();
  const history = useImportHistory();
  return (
    <section className={styles.section} aria-labelledby="imports-history-title">
      <h2 id="imports-history-title">{t('history.title')}</h2>
      {history.isPending && <Spinner />}
      {history.error && <ProblemView error={history.error} onRetry={() => void history.refetch()} compact />}
      {history.data && history.data.items.length === 0 && <EmptyState title={t('history.empty')} />}
      {history.data && history.data.items.length > 0 && (
        <ul className={styles.history}>
          {history.data.items.map((job: ImportJob) => (
            <li key={job.id}>
              <Link className={styles.name} to={`/imports/${job.id}`}>{job.fileName}</Link>
              <Badge tone={statusTone(job.status)}>{t(`status.${job.status}`)}</Badge>
              {recordTypeOf(job) !== 'contacts' && <span className={styles.meta}>{t(`recordType.${recordTypeOf(job)}`)}</span>}
              <span className={styles.meta}>{format.dateTime(job.createdAt)}</span>
              <span className={styles.meta}>
                {t('history.counts', { rows: job.rowsProcessed, created: job.created, failed: job.failed })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
