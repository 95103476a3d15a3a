import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '@/api/client';
import { isProblem, ProblemError } from '@/api/problem';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import { Button, Dialog } from '@/ui';
import { dealKeys, patchDeal, type Deal } from './api';
import { changedFields, overlapping, patchedFields, type ComparedField } from './conflict';
import styles from './deals.module.css';

/** How a save ended: saved, the person kept the other change instead, or refused (the problem, for beside the field). */
export type SaveOutcome = { saved: true } | { saved: false; discarded: true } | { saved: false; problem: ProblemError };

/** How the person's own values read, where the patch holds ids (a company's or a contact's name). */
export type PatchLabels = Partial<Record<ComparedField, string>>;

interface Conflict {
  base: Deal;
  latest: Deal;
  patch: Record<string, unknown>;
  labels: PatchLabels;
  resolve(outcome: SaveOutcome): void;
}

/**
 * Saves changes to a deal with the version they were made on (If-Match). When someone else changed the deal in the
 * meantime (409), the person sees what changed and chooses: keep the other change, or save theirs over it. Until they
 * choose, the edit stays open with everything they typed.
 */
export function useDealSave(): {
  save(base: Deal, patch: Record<string, unknown>, labels?: PatchLabels): Promise<SaveOutcome>;
  dialog: ReactNode;
} {
  const { t } = useTranslation('deals');
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = useRef<Conflict | null>(null);

  const saved = (deal: Deal) => {
    queryClient.setQueryData(dealKeys.detail(deal.id ?? ''), deal);
    void queryClient.invalidateQueries({ queryKey: dealKeys.history(deal.id ?? '') });
    void queryClient.invalidateQueries({ queryKey: dealKeys.boards });
    void queryClient.invalidateQueries({ queryKey: ['deal', 'list'] });
  };

  const save = async (base: Deal, patch: Record<string, unknown>, labels: PatchLabels = {}): Promise<SaveOutcome> => {
    const id = base.id ?? '';
    try {
      saved(await patchDeal(id, base.version, patch));
      return { saved: true };
    } catch (error) {
      if (!isProblem(error)) throw error;
      if (!error.conflict) return { saved: false, problem: error };
      let latest: Deal;
      try {
        latest = await call(api().deals.GET('/api/deals/{id}', { params: { path: { id } } }));
      } catch (reading) {
        return { saved: false, problem: isProblem(reading) ? reading : error };
      }
      return new Promise<SaveOutcome>((resolve) => {
        const next = { base, latest, patch, labels, resolve };
        pending.current = next;
        setConflict(next);
      });
    }
  };

  const close = (outcome: SaveOutcome) => {
    pending.current?.resolve(outcome);
    pending.current = null;
    setConflict(null);
  };

  const keepTheirs = () => {
    if (!conflict) return;
    queryClient.setQueryData(dealKeys.detail(conflict.latest.id ?? ''), conflict.latest);
    void queryClient.invalidateQueries({ queryKey: dealKeys.history(conflict.latest.id ?? '') });
    close({ saved: false, discarded: true });
  };

  const saveMine = async () => {
    if (!conflict) return;
    setBusy(true);
    try {
      saved(await patchDeal(conflict.latest.id ?? '', conflict.latest.version, conflict.patch));
      close({ saved: true });
    } catch (error) {
      if (isProblem(error) && error.conflict) {
        // changed once more: compare with that version now
        const latest = await call(api().deals.GET('/api/deals/{id}', { params: { path: { id: conflict.latest.id ?? '' } } }));
        const next = { ...conflict, base: conflict.latest, latest };
        pending.current = next;
        setConflict(next);
      } else {
        close({ saved: false, problem: isProblem(error) ? error : ProblemError.network(error) });
      }
    } finally {
      setBusy(false);
    }
  };

  const dialog = conflict && (
    <ConflictDialog conflict={conflict} busy={busy} onKeepTheirs={keepTheirs} onSaveMine={() => void saveMine()}
      title={t('conflict.title')} />
  );
  return { save, dialog };
}

function ConflictDialog({ conflict, busy, onKeepTheirs, onSaveMine, title }: {
  conflict: Conflict;
  busy: boolean;
  onKeepTheirs(): void;
  onSaveMine(): void;
  title: string;
}) {
  const { t } = useTranslation('deals');
  const format = useFormat();
  const userName = useUserName();
  const theirs = changedFields(conflict.base, conflict.latest);
  const both = new Set(overlapping(conflict.base, conflict.latest, conflict.patch));
  const show = (field: ComparedField, value: unknown, deal: Deal): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (field === 'ownerId') return userName(String(value));
    if (field === 'amount') return format.money(value as number, deal.currency);
    if (field === 'expectedCloseDate') return format.date(String(value));
    if (field === 'stageId') return deal.stage?.name ?? String(value);
    if (field === 'status') return t(`status.${String(value)}`);
    if (field === 'companyId') return deal.companyName ?? String(value);
    if (field === 'contacts') return (deal.contacts ?? []).map((c) => c.name ?? c.contactId).join(', ') || '—';
    return String(value);
  };
  const mine = patchedFields(conflict.patch);
  return (
    <Dialog open onOpenChange={(open) => !open && onKeepTheirs()} title={title} width={560}
      description={t('conflict.description')}
      footer={
        <>
          <Button onClick={onKeepTheirs}>{t('conflict.keepTheirs')}</Button>
          <Button variant="primary" busy={busy} onClick={onSaveMine}>{t('conflict.saveMine')}</Button>
        </>
      }>
      <table className={styles.conflictTable}>
        <thead>
          <tr>
            <th scope="col">{t('conflict.field')}</th>
            <th scope="col">{t('conflict.theirs')}</th>
            <th scope="col">{t('conflict.yours')}</th>
          </tr>
        </thead>
        <tbody>
          {[...new Set([...theirs, ...mine])].map((field) => (
            <tr key={field} data-overlap={both.has(field) || undefined}>
              <th scope="row">{t(`field.${field === 'stageId' ? 'stage' : field === 'companyId' ? 'company' : field === 'ownerId' ? 'owner' : field}`)}</th>
              <td>{theirs.includes(field) ? show(field, conflict.latest[field as keyof Deal], conflict.latest) : t('conflict.unchanged')}</td>
              <td>{mine.includes(field) ? conflict.labels[field] ?? show(field, conflict.patch[field], conflict.latest) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {both.size > 0 && <p className={styles.formError}>{t('conflict.overwrites')}</p>}
    </Dialog>
  );
}
