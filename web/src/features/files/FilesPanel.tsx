import { Download, FileText, Paperclip, Trash2, Upload } from 'lucide-react';
import { useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import { Button, ConfirmDialog, ProblemView, Spinner, describeProblem } from '@/ui';
import { downloadFile, useDeleteFile, useFiles, useUploadFile, type FileRecord, type StoredFile } from './api';
import { describeFileProblem, formatFileSize } from './fileProblems';
import styles from './files.module.css';

interface UploadState {
  key: string;
  name: string;
  progress: number;
  error?: unknown;
}

/**
 * The files of a contact, company or deal: the list (name, size, who, when), upload by picking (keyboard) or dropping
 * files on the panel with progress and the API's refusal in words, download, and delete after asking.
 */
export function FilesPanel({ record, id }: { record: FileRecord; id: string }) {
  const { t } = useTranslation('files');
  const titleId = useId();
  const files = useFiles(record, id);
  const upload = useUploadFile(record, id);
  const input = useRef<HTMLInputElement>(null);
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const [dragging, setDragging] = useState(false);

  const send = async (picked: File[]) => {
    for (const file of picked) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      setUploads((current) => [...current, { key, name: file.name, progress: 0 }]);
      const update = (change: Partial<UploadState>) =>
        setUploads((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));
      try {
        await upload.mutateAsync({ file, onProgress: (progress) => update({ progress }) });
        setUploads((current) => current.filter((item) => item.key !== key));
      } catch (error) {
        update({ error });
      }
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void send(Array.from(event.dataTransfer.files));
  };

  return (
    <section
      className="card"
      aria-labelledby={titleId}
      onDragOver={(event) => { event.preventDefault(); setDragging(true); }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className={styles.header}>
        <h2 id={titleId} className={styles.title}>
          {t('title')}{files.data && files.data.length > 0 ? ` (${files.data.length})` : ''}
        </h2>
        <Button size="sm" onClick={() => input.current?.click()}>
          <Upload size={14} aria-hidden /> {t('upload')}
        </Button>
        <input
          ref={input}
          type="file"
          multiple
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('choose')}
          data-testid="file-input"
          onChange={(event) => {
            const picked = Array.from(event.target.files ?? []);
            event.target.value = '';
            void send(picked);
          }}
        />
      </div>
      <div className={styles.drop} data-active={dragging || undefined}>
        <Paperclip size={14} aria-hidden /> {t('dropHint')}
      </div>
      {uploads.length > 0 && (
        <ul className={styles.uploads} aria-label={t('uploads')}>
          {uploads.map((item) => <UploadRow key={item.key} item={item} onDismiss={() =>
            setUploads((current) => current.filter((other) => other.key !== item.key))} />)}
        </ul>
      )}
      {files.isError ? (
        <ProblemView compact error={files.error} onRetry={() => void files.refetch()} />
      ) : files.isPending ? (
        <Spinner label={t('common:app.loading')} />
      ) : files.data.length === 0 ? (
        <p className={styles.empty}>{t('empty')}</p>
      ) : (
        <ul className={styles.list} aria-label={t('title')}>
          {files.data.map((file) => <FileRow key={file.id} record={record} id={id} file={file} />)}
        </ul>
      )}
    </section>
  );
}

function UploadRow({ item, onDismiss }: { item: UploadState; onDismiss(): void }) {
  const { t } = useTranslation('files');
  const { t: common } = useTranslation();
  const format = useFormat();
  const generic = item.error === undefined ? null : describeProblem(item.error, common);
  const refusal = item.error === undefined ? null
    : describeFileProblem(item.error, t, (bytes) => formatFileSize(bytes, format.locale))
      ?? generic?.detail ?? generic?.title ?? '';
  return (
    <li className={styles.upload}>
      <div>{item.name}</div>
      {refusal === null ? (
        <progress max={1} value={item.progress} aria-label={t('uploading', { name: item.name })} />
      ) : (
        <div className={styles.refusal} role="alert">
          {t('refused', { name: item.name })} {refusal}{' '}
          <Button size="sm" variant="ghost" onClick={onDismiss}>{t('dismiss')}</Button>
        </div>
      )}
    </li>
  );
}

function FileRow({ record, id, file }: { record: FileRecord; id: string; file: StoredFile }) {
  const { t } = useTranslation('files');
  const format = useFormat();
  const userName = useUserName();
  const remove = useDeleteFile(record, id);
  const [confirming, setConfirming] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>();
  const uploader = file.uploadedBy?.startsWith('client:') ? t('client', { client: file.uploadedBy.slice('client:'.length) })
    : file.uploadedBy?.startsWith('system:') ? t('system') : userName(file.uploadedBy);
  const name = file.filename ?? '';
  const download = () => {
    setDownloadError(undefined);
    downloadFile(record, id, file).catch(setDownloadError);
  };
  return (
    <li className={styles.item}>
      <FileText size={16} className={styles.itemIcon} aria-hidden />
      <div className={styles.itemBody}>
        <button type="button" className={styles.name} onClick={download} title={name}>{name}</button>
        <div className={styles.meta}>
          {formatFileSize(file.size ?? 0, format.locale)} · {uploader} ·{' '}
          {file.uploadedAt && <time dateTime={file.uploadedAt} title={format.dateTime(file.uploadedAt)}>{format.relative(file.uploadedAt)}</time>}
        </div>
        {downloadError !== undefined && <ProblemView compact error={downloadError} />}
      </div>
      <Button size="sm" variant="ghost" onClick={download} aria-label={t('download', { name })}>
        <Download size={14} aria-hidden />
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setConfirming(true)} aria-label={t('delete', { name })}>
        <Trash2 size={14} aria-hidden />
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={(open) => { setConfirming(open); if (!open) remove.reset(); }}
        title={t('deleteTitle')}
        confirmLabel={t('deleteConfirm')}
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate(file.id ?? '', { onSuccess: () => setConfirming(false) })}
      >
        <p>{t('deleteBody', { name })}</p>
        {remove.isError && <ProblemView compact error={remove.error} />}
      </ConfirmDialog>
    </li>
  );
}
