import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '@/api/client';
import { isProblem, ProblemError } from '@/api/problem';
import { Badge, Button, Dialog } from '@/ui';
import { duplicatesOf, patchCompany, patchContact, storeRecord, type Company, type Contact, type DuplicateCandidate, type ObjectType } from '../api';
import { conflictRows, otherChanges, reapplyIsSafe, type ConflictRow } from './conflict';
import styles from './record.module.css';

type RecordValue = Contact | Company;
type Json = Record<string, unknown>;

/** How a save ended, for the editor that asked: closed (saved or discarded), kept open, or open with messages. */
export type SaveOutcome =
  | { status: 'saved' }
  | { status: 'discarded' }
  | { status: 'edit' }
  | { status: 'duplicate'; candidates: DuplicateCandidate[]; hidden: boolean }
  | { status: 'failed'; error: ProblemError | unknown };

type Choice = 'keep' | 'take' | 'edit';

interface ConflictState {
  rows: ConflictRow[];
  others: string[];
  resolve(choice: Choice): void;
}

/**
 * Saves inline edits of a contact or a company as JSON merge patches with If-Match. When someone else saved the record
 * since it was read (409), the person sees, per field they changed, their value beside the current one (and what else
 * changed), and chooses: keep theirs (saved again on the current version), take the current value, or edit further.
 * Nothing they typed is dropped unless they choose so.
 *
 * @param describe turns a field path (`jobTitle`, `customFields.tier`) and a value into what people read
 */
export function useRecordSave(
  type: ObjectType,
  describe: { label(field: string): string; value(field: string, value: unknown): ReactNode },
) {
  const client = useQueryClient();
  const [conflict, setConflict] = useState<ConflictState | null>(null);

  const save = useCallback(
    async (base: RecordValue, patch: Json, allowDuplicate = false): Promise<SaveOutcome> => {
      const id = base.id as string;
      try {
        const saved = type === 'contact'
          ? await patchContact(id, base.version, patch, allowDuplicate)
          : await patchCompany(id, base.version, patch, allowDuplicate);
        storeRecord(client, type, saved);
        return { status: 'saved' };
      } catch (error) {
        if (!isProblem(error)) return { status: 'failed', error };
        const duplicate = duplicatesOf(error);
        if (duplicate) return { status: 'duplicate', ...duplicate };
        if (!error.conflict) return { status: 'failed', error };
        let current: RecordValue;
        try {
          current = type === 'contact'
            ? await call(api().contacts.GET('/api/contacts/{id}', { params: { path: { id } } }))
            : await call(api().contacts.GET('/api/companies/{id}', { params: { path: { id } } }));
        } catch (reload) {
          return { status: 'failed', error: reload };
        }
        storeRecord(client, type, current);
        const choice = await new Promise<Choice>((resolve) => {
          const state: ConflictState = {
            rows: conflictRows(base as Json, current as Json, patch),
            others: otherChanges(base as Json, current as Json, patch),
            resolve: (made) => {
              setConflict(null);
              resolve(made);
            },
          };
          setConflict(state);
        });
        if (choice === 'keep') return save(current, patch, allowDuplicate);
        return { status: choice === 'take' ? 'discarded' : 'edit' };
      }
    },
    [client, type],
  );

  const dialog = conflict ? <ConflictDialog state={conflict} describe={describe} /> : null;
  return { save, conflictDialog: dialog };
}

function ConflictDialog({
  state, describe,
}: {
  state: ConflictState;
  describe: { label(field: string): string; value(field: string, value: unknown): ReactNode };
}) {
  const { t } = useTranslation('contacts');
  const safe = reapplyIsSafe(state.rows);
  const empty = <span className="muted">{t('record.empty')}</span>;
  const show = (field: string, value: unknown) => {
    const shown = describe.value(field, value);
    return shown === '' || shown === null || shown === undefined ? empty : shown;
  };
  return (
    <Dialog
      open
      // closing the dialog without a choice keeps the editor open: nothing typed is lost
      onOpenChange={(open) => !open && state.resolve('edit')}
      title={t('conflict.title')}
      description={safe ? t('conflict.descriptionSafe') : t('conflict.description')}
      width={640}
      footer={
        <>
          <Button onClick={() => state.resolve('edit')}>{t('conflict.edit')}</Button>
          <Button onClick={() => state.resolve('take')}>{t('conflict.takeCurrent')}</Button>
          <Button variant="primary" onClick={() => state.resolve('keep')} autoFocus>
            {t('conflict.keepMine')}
          </Button>
        </>
      }
    >
      <div className={styles.conflictWrap}>
        <table className={styles.conflictTable}>
          <thead>
            <tr>
              <th scope="col">{t('conflict.field')}</th>
              <th scope="col">{t('conflict.yours')}</th>
              <th scope="col">{t('conflict.current')}</th>
            </tr>
          </thead>
          <tbody>
            {state.rows.map((row) => (
              <tr key={row.field} data-field={row.field}>
                <th scope="row">
                  {describe.label(row.field)}
                  {row.changedMeanwhile && (
                    <div>
                      <Badge tone="warning">{t('conflict.changedByOther')}</Badge>
                    </div>
                  )}
                </th>
                <td data-testid="conflict-mine">{show(row.field, row.mine)}</td>
                <td data-testid="conflict-current">
                  {show(row.field, row.current)}
                  {row.changedMeanwhile && (
                    <div className="muted">{t('conflict.was')}: {show(row.field, row.base)}</div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {state.others.length > 0 && (
        <p className="muted">
          {t('conflict.alsoChanged', { fields: state.others.map((field) => describe.label(field)).join(', ') })}
        </p>
      )}
    </Dialog>
  );
}
