import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem, splitFieldErrors } from '@/api/problem';
import { Button, Dialog, ProblemView } from '@/ui';
import styles from './contacts.module.css';

/** A dialog around one form: Cancel, and the form's submit button (busy while it saves). */
export function FormDialog({
  formId, title, submitLabel, busy, onClose, width, children,
}: {
  formId: string;
  title: string;
  submitLabel: string;
  busy: boolean;
  onClose(): void;
  width?: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={title}
      width={width}
      footer={
        <>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button variant="primary" type="submit" form={formId} busy={busy}>{submitLabel}</Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}

/**
 * Where a form shows what the API refused: each field error beside its field (`byField`), the rest, and problems
 * without field errors, as one message under the form (`general`).
 */
export function useFormProblem(error: unknown, fields: readonly string[], aliases: Readonly<Record<string, string>> = {}) {
  const problem = isProblem(error) ? error : undefined;
  const split = problem ? splitFieldErrors(problem, fields, aliases) : undefined;
  let general: ReactNode = null;
  if (split && split.other.length > 0) {
    general = <ul className={styles.errorList} role="alert">{split.other.map((message) => <li key={message}>{message}</li>)}</ul>;
  } else if (error !== undefined && (!problem || problem.errors.length === 0)) {
    general = <ProblemView error={error} compact />;
  }
  return { byField: split?.byField ?? {}, general };
}
