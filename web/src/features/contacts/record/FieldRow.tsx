import { Pencil } from 'lucide-react';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '@/api/problem';
import { Button, describeProblem } from '@/ui';
import type { DuplicateCandidate } from '../api';
import { DuplicateCandidates } from './DuplicateCandidates';
import type { SaveOutcome } from './useRecordSave';
import styles from './record.module.css';

/** What an editor of one field (or a small group, such as an address) needs from its row. */
export interface EditorProps<D> {
  draft: D;
  setDraft(draft: D): void;
  /** Wires the first control to the row's label and error message. */
  controlProps: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string; autoFocus: boolean };
}

export interface FieldRowProps<D> {
  /** The API field (or group) this row edits; field errors under it are shown here. */
  field: string;
  label: string;
  display: ReactNode;
  /** The editor's starting value, from the record as shown. */
  initial(): D;
  editor(props: EditorProps<D>): ReactNode;
  /** The merge patch for a draft, or the message that keeps it from being sent (instant feedback). */
  toPatch(draft: D): { patch: Record<string, unknown> } | { issue: string };
  save(patch: Record<string, unknown>, allowDuplicate?: boolean): Promise<SaveOutcome>;
  readOnly?: boolean;
}

type State<D> =
  | { mode: 'view' }
  | { mode: 'edit'; draft: D; error?: string; duplicate?: { candidates: DuplicateCandidate[]; hidden: boolean } };

/**
 * One field of a record page: its value, and an inline editor behind the pencil (or Enter on the value). Enter saves,
 * Escape cancels; a refused save keeps the editor open with what was typed and the reason beside it.
 */
export function FieldRow<D>({ field, label, display, initial, editor, toPatch, save, readOnly }: FieldRowProps<D>) {
  const { t } = useTranslation('contacts');
  const { t: tCommon } = useTranslation();
  const [state, setState] = useState<State<D>>({ mode: 'view' });
  const [busy, setBusy] = useState(false);
  const id = useId();
  const errorId = `${id}-error`;

  const submit = async (event?: FormEvent, allowDuplicate = false) => {
    event?.preventDefault();
    if (state.mode !== 'edit') return;
    const result = toPatch(state.draft);
    if ('issue' in result) {
      setState({ ...state, error: result.issue, duplicate: undefined });
      return;
    }
    setBusy(true);
    const outcome = await save(result.patch, allowDuplicate);
    setBusy(false);
    switch (outcome.status) {
      case 'saved':
      case 'discarded':
        setState({ mode: 'view' });
        break;
      case 'edit':
        setState({ ...state, error: undefined, duplicate: undefined });
        break;
      case 'duplicate':
        setState({ ...state, error: undefined, duplicate: { candidates: outcome.candidates, hidden: outcome.hidden } });
        break;
      case 'failed':
        setState({ ...state, duplicate: undefined, error: messageFor(outcome.error, field, tCommon) });
        break;
    }
  };

  if (state.mode === 'view') {
    return (
      <div className={styles.fieldRow} data-field={field}>
        <dt id={`${id}-label`}>{label}</dt>
        <dd>
          <span className={styles.fieldValue}>{display === '' || display === null || display === undefined ? <span className="muted">—</span> : display}</span>
          {!readOnly && (
            <button
              type="button"
              className={styles.editButton}
              aria-label={t('record.editField', { field: label })}
              onClick={() => setState({ mode: 'edit', draft: initial() })}
            >
              <Pencil size={14} aria-hidden />
            </button>
          )}
        </dd>
      </div>
    );
  }

  return (
    <div className={`${styles.fieldRow} ${styles.editing}`} data-field={field}>
      <dt>
        <label htmlFor={id}>{label}</label>
      </dt>
      <dd>
        <form
          className={styles.editor}
          onSubmit={(event) => void submit(event)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              setState({ mode: 'view' });
            }
          }}
        >
          {editor({
            draft: state.draft,
            setDraft: (draft) => setState({ mode: 'edit', draft, error: undefined, duplicate: state.duplicate }),
            controlProps: {
              id,
              'aria-invalid': state.error ? true : undefined,
              'aria-describedby': state.error ? errorId : undefined,
              autoFocus: true,
            },
          })}
          {state.error && (
            <div id={errorId} className={styles.fieldError} role="alert">
              {state.error}
            </div>
          )}
          {state.duplicate && (
            <DuplicateCandidates candidates={state.duplicate.candidates} hidden={state.duplicate.hidden}>
              <Button size="sm" onClick={() => void submit(undefined, true)} busy={busy}>
                {t('duplicates.saveAnyway')}
              </Button>
            </DuplicateCandidates>
          )}
          <div className={styles.editorActions}>
            <Button size="sm" variant="primary" type="submit" busy={busy}>
              {t('common:action.save')}
            </Button>
            <Button size="sm" onClick={() => setState({ mode: 'view' })} disabled={busy}>
              {t('common:action.cancel')}
            </Button>
          </div>
        </form>
      </dd>
    </div>
  );
}

/** The message for a refused save: the API's words for this field when it names it, else the problem as a whole. */
function messageFor(error: unknown, field: string, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (isProblem(error)) {
    const mine = error.errors.filter((e) => e.field === field || e.field.startsWith(field + '.') || e.field.startsWith(field + '['));
    const rest = error.errors.filter((e) => !mine.includes(e));
    if (mine.length > 0 || rest.length > 0) {
      return [...mine.map((e) => e.message), ...rest.map((e) => `${e.field}: ${e.message}`)].join(' ');
    }
  }
  const { title, detail } = describeProblem(error, t);
  return detail ? `${title}. ${detail}` : title;
}
