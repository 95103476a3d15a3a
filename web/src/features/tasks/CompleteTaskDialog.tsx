import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { isProblem, splitFieldErrors } from '@/api/problem';
import { Button, Dialog, Field, inputClass, ProblemView, Select, toast } from '@/ui';
import { requiredToComplete, TASK_TYPES, useCompleteTask, useTaskTypes, type Task } from './api';
import styles from './Tasks.module.css';

interface CompleteForm {
  outcome: string;
  fields: Record<string, string>;
  followUp: boolean;
  followUpType: string;
  followUpTitle: string;
  followUpDueIn: string;
}

export const FOLLOW_UP_DELAYS = ['PT2H', 'P1D', 'P2D', 'P3D', 'P7D', 'P14D'] as const;

/**
 * Completes a task: asks for what its type and the task itself require (a call's outcome, say), and can schedule the
 * next step as a follow-up, which the service creates when the task is done. The service's field errors are shown
 * beside the fields; nothing typed is lost on a failed save.
 */
export function CompleteTaskDialog({ task, open, onOpenChange }: { task: Task; open: boolean; onOpenChange(open: boolean): void }) {
  const { t } = useTranslation('tasks');
  const types = useTaskTypes();
  const complete = useCompleteTask();
  const required = requiredToComplete(task, types.data?.types);
  const extraFields = required.filter((name) => name !== 'outcome');
  const form = useForm<CompleteForm>({
    defaultValues: {
      outcome: '',
      fields: {},
      followUp: false,
      followUpType: task.type === 'meeting' ? 'call' : task.type ?? 'call',
      followUpTitle: t('complete.followUpTitle', { title: task.title }),
      followUpDueIn: 'P2D',
    },
  });
  const { register, handleSubmit, watch, setError, clearErrors, formState: { errors } } = form;
  const followUp = watch('followUp');
  const [otherErrors, setOtherErrors] = useState<string[]>([]);

  useEffect(() => {
    if (!open) complete.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = handleSubmit((values) => {
    clearErrors();
    setOtherErrors([]);
    complete.mutate(
      {
        task,
        completion: {
          outcome: values.outcome.trim(),
          fields: Object.keys(values.fields ?? {}).length ? trimmed(values.fields) : undefined,
          followUp: values.followUp
            ? { type: values.followUpType, title: values.followUpTitle.trim(), dueIn: values.followUpDueIn }
            : undefined,
        },
      },
      {
        onSuccess: () => {
          toast({ tone: 'success', title: values.followUp ? t('complete.doneWithFollowUp') : t('complete.done') });
          onOpenChange(false);
          form.reset();
        },
        onError: (error) => {
          if (!isProblem(error)) return;
          const names = ['outcome', ...extraFields.map((name) => `fields.${name}`), 'followUp.type', 'followUp.title', 'followUp.dueIn'];
          const { byField, other } = splitFieldErrors(error, names, {
            'followUp.type': 'followUpType', 'followUp.title': 'followUpTitle', 'followUp.dueIn': 'followUpDueIn',
          });
          Object.entries(byField).forEach(([name, message]) => setError(name as keyof CompleteForm, { message }));
          setOtherErrors(other);
        },
      },
    );
  });

  const problem = complete.error;
  // field errors are beside their fields; the rest of a problem is shown under the form
  const fieldsShown = isProblem(problem) && problem.errors.length > 0 && otherErrors.length === 0;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('complete.title')}
      description={task.title}
      footer={
        <>
          <Button onClick={() => onOpenChange(false)}>{t('common:action.cancel')}</Button>
          <Button variant="primary" busy={complete.isPending} onClick={() => void submit()}>
            {t('complete.submit')}
          </Button>
        </>
      }
    >
      <form className="stack" onSubmit={(event) => { event.preventDefault(); void submit(); }} noValidate>
        <Field label={t('field.outcome')} required={required.includes('outcome')} error={errors.outcome?.message}
          hint={t('complete.outcomeHint')}>
          <textarea className={inputClass} rows={3} {...register('outcome')} />
        </Field>
        {extraFields.map((name) => (
          <Field key={name} label={t(`completionField.${name}`, { defaultValue: name })} required
            error={errors.fields?.[name]?.message}>
            <input className={inputClass} {...register(`fields.${name}`)} />
          </Field>
        ))}
        <label className={styles.checkbox}>
          <input type="checkbox" {...register('followUp')} /> {t('complete.scheduleFollowUp')}
        </label>
        {followUp && (
          <fieldset className={styles.fieldset}>
            <legend>{t('complete.followUp')}</legend>
            <div className={styles.formGrid}>
              <Field label={t('field.type')} error={errors.followUpType?.message}>
                <Select {...register('followUpType')}>
                  {TASK_TYPES.map((type) => <option key={type} value={type}>{t(`type.${type}`)}</option>)}
                </Select>
              </Field>
              <Field label={t('complete.dueIn')} error={errors.followUpDueIn?.message}>
                <Select {...register('followUpDueIn')}>
                  {FOLLOW_UP_DELAYS.map((delay) => <option key={delay} value={delay}>{t(`delay.${delay}`)}</option>)}
                </Select>
              </Field>
              <Field className={styles.wide} label={t('field.title')} required error={errors.followUpTitle?.message}>
                <input className={inputClass} {...register('followUpTitle')} />
              </Field>
            </div>
          </fieldset>
        )}
        {problem && !fieldsShown && (
          isProblem(problem) && problem.conflict
            ? <p role="alert" className={styles.formError}>{t('complete.conflict')}</p>
            : <ProblemView error={problem} compact />
        )}
        {otherErrors.length > 0 && <p role="alert" className={styles.formError}>{otherErrors.join(' ')}</p>}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

function trimmed(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, (value ?? '').trim()]));
}
