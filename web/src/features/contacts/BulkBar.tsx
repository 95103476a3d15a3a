import { useQueryClient } from '@tanstack/react-query';
import { Download, Tag, UserRoundCog, X } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem, splitFieldErrors } from '@/api/problem';
import { useMe } from '@/auth/AuthContext';
import { Button, Dialog, Field, inputClass, ProblemView, toast, UserSelect } from '@/ui';
import { bulkChange, contactKeys, downloadContactsCsv, type BulkChange, type BulkResult } from './api';
import { useAssignable } from './useListHelpers';
import { FormDialog } from './FormDialog';
import styles from './contacts.module.css';

/** A selected row: what a bulk change needs (the version read) and what its report shows (the name). */
export interface SelectedContact {
  id: string;
  version: number;
  name: string;
}

/**
 * What can be done to the selected contacts at once: give them to someone, tag them, export them. Each contact
 * succeeds or fails on its own; failures are listed by name and reason, and those changed meanwhile can be done again
 * on their current version.
 */
export function BulkBar({ selected, onClear }: { selected: SelectedContact[]; onClear(): void }) {
  const { t } = useTranslation('contacts');
  const client = useQueryClient();
  const [action, setAction] = useState<'owner' | 'tag' | null>(null);
  const [report, setReport] = useState<{ result: BulkResult; change: BulkChange; items: SelectedContact[] } | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>();

  const run = async (change: BulkChange, items: SelectedContact[]) => {
    const result = await bulkChange(items.map(({ id, version }) => ({ id, version })), change);
    void client.invalidateQueries({ queryKey: contactKeys.all });
    if (result.failed === 0) {
      toast({ title: t('bulk.done', { count: result.updated + result.unchanged }), tone: 'success' });
      setReport(null);
      onClear();
    } else {
      setReport({ result, change, items });
    }
  };

  const exportSelection = async () => {
    setExporting(true);
    setExportError(undefined);
    try {
      await downloadContactsCsv({ ids: selected.map((c) => c.id) });
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className={styles.bulkBar} role="region" aria-label={t('bulk.region')}>
      <strong>{t('bulk.selected', { count: selected.length })}</strong>
      <Button size="sm" onClick={() => setAction('owner')}><UserRoundCog size={14} aria-hidden /> {t('bulk.assignOwner')}</Button>
      <Button size="sm" onClick={() => setAction('tag')}><Tag size={14} aria-hidden /> {t('bulk.addTag')}</Button>
      <Button size="sm" onClick={() => void exportSelection()} busy={exporting}><Download size={14} aria-hidden /> {t('bulk.export')}</Button>
      <Button size="sm" variant="ghost" onClick={onClear}><X size={14} aria-hidden /> {t('bulk.clear')}</Button>
      {exportError !== undefined && <ProblemView error={exportError} compact />}
      {action && (
        <BulkDialog kind={action} count={selected.length} onClose={() => setAction(null)} submit={(change) => run(change, selected)} />
      )}
      {report && (
        <BulkReport
          {...report}
          onRetry={(retry) => run(report.change, retry)}
          onClose={() => {
            setReport(null);
            onClear();
          }}
        />
      )}
    </div>
  );
}

function BulkDialog({
  kind, count, submit, onClose,
}: {
  kind: 'owner' | 'tag';
  count: number;
  submit(change: BulkChange): Promise<void>;
  onClose(): void;
}) {
  const { t } = useTranslation('contacts');
  const me = useMe();
  const assignable = useAssignable();
  const [value, setValue] = useState(kind === 'owner' ? me.id : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const field = kind === 'owner' ? 'ownerId' : 'addTags';
  const errors = isProblem(error) ? splitFieldErrors(error, [field]) : undefined;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const tags = value.split(/[,;]+/).map((tag) => tag.trim()).filter(Boolean);
    if (kind === 'tag' && tags.length === 0) {
      setError(undefined);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await submit(kind === 'owner' ? { ownerId: value } : { addTags: tags });
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormDialog formId="bulk-form" title={kind === 'owner' ? t('bulk.assignOwnerTitle', { count }) : t('bulk.addTagTitle', { count })} submitLabel={t('common:action.apply')} busy={busy} onClose={onClose}>
      <form id="bulk-form" className="stack" onSubmit={(event) => void onSubmit(event)}>
        {kind === 'owner' ? (
          <Field label={t('field.owner')} error={errors?.byField.ownerId ?? (isProblem(error) && error.status === 403 ? error.detail ?? error.title : undefined)}>
            <UserSelect
              value={value}
              onChange={(e) => setValue(e.target.value)}
              filter={assignable}
              autoFocus
            />
          </Field>
        ) : (
          <Field label={t('bulk.tags')} hint={t('bulk.tagsHint')} error={errors?.byField.addTags}>
            <input className={inputClass} value={value} onChange={(e) => setValue(e.target.value)} autoFocus />
          </Field>
        )}
        {error !== undefined && (!isProblem(error) || (error.errors.length === 0 && error.status !== 403) || (errors && errors.other.length > 0)) && (
          <ProblemView error={error} compact />
        )}
      </form>
    </FormDialog>
  );
}

function BulkReport({
  result, items, onRetry, onClose,
}: {
  result: BulkResult;
  items: SelectedContact[];
  change: BulkChange;
  onRetry(items: SelectedContact[]): Promise<void>;
  onClose(): void;
}) {
  const { t } = useTranslation('contacts');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const names = new Map(items.map((item) => [item.id, item.name]));
  const failures = result.results.filter((r) => r.status === 'failed');
  // contacts changed by someone since the list was read: the change can be applied to what they are now
  const stale = failures
    .filter((r) => r.problem?.status === 409 && typeof r.problem.currentVersion === 'number')
    .map((r) => ({ id: r.id, version: r.problem?.currentVersion as number, name: names.get(r.id) ?? r.id }));
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t('bulk.reportTitle')}
      description={t('bulk.reportSummary', { updated: result.updated + result.unchanged, failed: result.failed })}
      width={560}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.close')}</Button>
          {stale.length > 0 && (
            <Button
              variant="primary"
              busy={busy}
              onClick={async () => {
                setBusy(true);
                setError(undefined);
                try {
                  await onRetry(stale);
                } catch (failure) {
                  setError(failure);
                } finally {
                  setBusy(false);
                }
              }}
            >
              {t('bulk.retryStale', { count: stale.length })}
            </Button>
          )}
        </>
      }
    >
      {error !== undefined && <ProblemView error={error} compact />}
      <ul className={styles.failures}>
        {failures.map((failure) => (
          <li key={failure.id} data-status={failure.problem?.status}>
            <strong>{names.get(failure.id) ?? failure.id}</strong>
            <span>{reason(failure.problem?.status, t)}</span>
            {failure.problem?.detail && <span className="muted">{failure.problem.detail}</span>}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

function reason(status: number | undefined, t: (key: string) => string): string {
  switch (status) {
    case 409:
      return t('bulk.failed409');
    case 404:
      return t('bulk.failed404');
    case 403:
      return t('bulk.failed403');
    case 400:
      return t('bulk.failed400');
    default:
      return t('bulk.failedOther');
  }
}

/** Exports the whole filtered list (every contact matching, not only the rows loaded). */
export { ExportButton as ExportListButton } from '@/ui';
