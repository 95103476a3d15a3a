import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, call } from '@/api/client';
import { isProblem, splitFieldErrors, type ProblemError } from '@/api/problem';
import { useSubmissionKey } from '@/api/idempotency';
import { useHasRole, useMe } from '@/auth/AuthContext';
import { Button, Dialog, Field, inputClass, ProblemView, Select, toast, UserSelect } from '@/ui';
import { browserTimeZone } from './agenda';
import {
  PRIORITIES, TASK_TYPES, taskKeys, useAssignTask, useCreateTask, useTaskTypes, useUpdateTask, type Task, type TaskRequest,
} from './api';
import { RecordPicker } from './RecordPicker';
import styles from './Tasks.module.css';

export const REMINDERS = ['PT5M', 'PT15M', 'PT1H', 'P1D'] as const;
const RECURRENCES = ['', 'daily', 'weekly', 'monthly'] as const;

export interface TaskDefaults {
  type?: string;
  title?: string;
  contactId?: string;
  companyId?: string;
  dealId?: string;
  assigneeId?: string;
}

interface TaskForm {
  type: string;
  title: string;
  description: string;
  dueAt: string;
  durationMinutes: string;
  priority: string;
  assigneeId: string;
  contactId: string | undefined;
  companyId: string | undefined;
  dealId: string | undefined;
  reminders: string[];
  recurrence: string;
  customRule: string;
}

const FORM_FIELDS = ['type', 'title', 'description', 'dueAt', 'durationMinutes', 'priority', 'assigneeId', 'contactId',
  'companyId', 'dealId', 'reminders', 'recurrence'] as const;

function formOf(task: Task | undefined, defaults: TaskDefaults, me: string): TaskForm {
  const known = (RECURRENCES as readonly string[]).includes(task?.recurrence ?? '');
  return {
    type: task?.type ?? defaults.type ?? 'call',
    title: task?.title ?? defaults.title ?? '',
    description: task?.description ?? '',
    dueAt: task?.dueLocal?.slice(0, 16) ?? '',
    durationMinutes: task?.durationMinutes ? String(task.durationMinutes) : '',
    priority: task?.priority ?? 'normal',
    assigneeId: task ? task.assigneeId ?? '' : defaults.assigneeId ?? me,
    contactId: task ? task.contactId : defaults.contactId,
    companyId: task ? task.companyId : defaults.companyId,
    dealId: task ? task.dealId : defaults.dealId,
    reminders: task?.reminders ?? [],
    recurrence: known ? task?.recurrence ?? '' : 'custom',
    customRule: known ? '' : task?.recurrence ?? '',
  };
}

/** The request fields of a form: blank means "none". */
function requestOf(form: TaskForm, timeZone: string): TaskRequest {
  const recurrence = form.recurrence === 'custom' ? form.customRule.trim() : form.recurrence;
  return {
    type: form.type,
    title: form.title.trim(),
    description: form.description.trim() || undefined,
    dueAt: form.dueAt || undefined,
    timeZone: form.dueAt ? timeZone : undefined,
    durationMinutes: form.type === 'meeting' && form.durationMinutes ? Number(form.durationMinutes) : undefined,
    priority: form.priority,
    assigneeId: form.assigneeId || undefined,
    contactId: form.contactId || undefined,
    companyId: form.companyId || undefined,
    dealId: form.dealId || undefined,
    reminders: form.dueAt && form.reminders.length ? form.reminders : undefined,
    recurrence: recurrence || undefined,
  };
}

/** A JSON merge patch of what the person changed (null clears a field); the assignee is changed separately. */
export function patchOf(before: TaskRequest, after: TaskRequest): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const fields = ['type', 'title', 'description', 'dueAt', 'timeZone', 'durationMinutes', 'priority', 'contactId',
    'companyId', 'dealId', 'reminders', 'recurrence'] as const;
  for (const field of fields) {
    const from = before[field];
    const to = after[field];
    if (JSON.stringify(from ?? null) !== JSON.stringify(to ?? null)) patch[field] = to ?? null;
  }
  // a due time is read in its zone: send both whenever either changes
  if ('dueAt' in patch || 'timeZone' in patch) {
    patch.dueAt = after.dueAt ?? null;
    patch.timeZone = after.timeZone ?? null;
  }
  return patch;
}

/**
 * Creates a task, or edits one. Required marks come from the task types; everything else the service decides, and
 * its field errors are shown beside the fields. A save that loses a race with someone else's change shows what they
 * changed and lets the person keep their version or take the other.
 */
export function TaskFormDialog({ open, onOpenChange, task, defaults = {}, onSaved }: {
  open: boolean;
  onOpenChange(open: boolean): void;
  task?: Task;
  defaults?: TaskDefaults;
  onSaved?(task: Task): void;
}) {
  const { t } = useTranslation('tasks');
  const me = useMe();
  const isManager = useHasRole('manager', 'admin');
  const isAdmin = useHasRole('admin');
  const types = useTaskTypes();
  const create = useCreateTask();
  const update = useUpdateTask();
  const assign = useAssignTask();
  const queryClient = useQueryClient();
  const initial = useMemo(() => formOf(task, defaults, me.id), [task, defaults, me.id]);
  const form = useForm<TaskForm>({ defaultValues: initial });
  const { register, handleSubmit, watch, setError, clearErrors, control, reset, formState: { errors } } = form;
  const [problem, setProblem] = useState<ProblemError | undefined>();
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [conflict, setConflict] = useState<{ latest: Task; changed: string[] } | undefined>();
  const key = useSubmissionKey();
  // the task as it was when the form opened: what the person's changes are relative to, even after a reload
  const baseline = useRef(requestOf(initial, task?.timeZone ?? browserTimeZone()));
  const type = watch('type');
  const dueAt = watch('dueAt');
  const recurrence = watch('recurrence');
  const typeInfo = types.data?.types?.find((info) => info.type === type);
  const timeZone = task?.timeZone ?? browserTimeZone();

  useEffect(() => {
    if (open) {
      reset(initial);
      setProblem(undefined);
      setOtherErrors([]);
      setConflict(undefined);
      key.renew();
      baseline.current = requestOf(initial, timeZone);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const showProblem = (error: unknown) => {
    if (!isProblem(error)) {
      setProblem(undefined);
      return;
    }
    const { byField, other } = splitFieldErrors(error, FORM_FIELDS, { timeZone: 'dueAt' });
    Object.entries(byField).forEach(([name, message]) => setError(name as keyof TaskForm, { message }));
    setOtherErrors(other);
    setProblem(Object.keys(byField).length === 0 && other.length === 0 ? error : undefined);
  };

  const saved = (result: Task) => {
    toast({ tone: 'success', title: task ? t('form.saved') : t('form.created', { title: result.title }) });
    onSaved?.(result);
    onOpenChange(false);
  };

  const saveEdit = async (values: TaskForm, base: Task) => {
    const patch = patchOf(baseline.current, requestOf(values, timeZone));
    let result = base;
    if (Object.keys(patch).length > 0) {
      result = await update.mutateAsync({ id: base.id as string, version: base.version, patch });
    }
    if ((values.assigneeId || undefined) !== (baseline.current.assigneeId || undefined) && values.assigneeId) {
      result = await assign.mutateAsync({ id: base.id as string, version: result.version, assigneeId: values.assigneeId });
    }
    return result;
  };

  const submit = handleSubmit(async (values) => {
    clearErrors();
    setProblem(undefined);
    setOtherErrors([]);
    try {
      if (!task) {
        saved(await create.mutateAsync({ body: requestOf(values, timeZone), key: key.headers }));
      } else {
        saved(await saveEdit(values, conflict?.latest ?? task));
        setConflict(undefined);
      }
    } catch (error) {
      if (!task) key.settled(error);
      if (task && isProblem(error) && error.conflict) {
        const latest = await queryClient.fetchQuery({
          queryKey: taskKeys.detail(task.id as string),
          queryFn: () => call(api().tasks.GET('/api/tasks/{id}', { params: { path: { id: task.id as string } } })),
          staleTime: 0,
        });
        const changed = Object.keys(patchOf(baseline.current, requestOf(formOf(latest, {}, me.id), timeZone)))
          .filter((field) => field !== 'timeZone');
        if ((latest.assigneeId ?? '') !== (baseline.current.assigneeId ?? '')) changed.push('assigneeId');
        setConflict({ latest, changed });
        return;
      }
      showProblem(error);
    }
  });

  const busy = create.isPending || update.isPending || assign.isPending;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      width={640}
      title={task ? t('form.editTitle') : t('form.newTitle')}
      footer={
        <>
          <Button onClick={() => onOpenChange(false)}>{t('common:action.cancel')}</Button>
          <Button variant="primary" busy={busy} onClick={() => void submit()}>
            {conflict ? t('form.keepMine') : task ? t('common:action.save') : t('common:action.create')}
          </Button>
        </>
      }
    >
      <form className={styles.formGrid} onSubmit={(event) => { event.preventDefault(); void submit(); }} noValidate>
        {conflict && (
          <div className={`${styles.wide} stack`} role="alert">
            <strong>{t('form.conflict')}</strong>
            <span>{t('form.conflictChanged', { fields: conflict.changed.map((field) => t(`field.${field}`, { defaultValue: field })).join(', ') || '—' })}</span>
            <div className="row">
              <Button size="sm" onClick={() => { reset(formOf(conflict.latest, {}, me.id)); onSaved?.(conflict.latest); setConflict(undefined); onOpenChange(false); }}>
                {t('form.takeTheirs')}
              </Button>
            </div>
          </div>
        )}
        <Field className={styles.wide} label={t('field.title')} required error={errors.title?.message}>
          <input className={inputClass} autoFocus {...register('title', { validate: (value) => value.trim() !== '' || t('form.titleRequired') })} />
        </Field>
        <Field label={t('field.type')} required error={errors.type?.message}>
          <Select {...register('type')}>
            {TASK_TYPES.map((value) => <option key={value} value={value}>{t(`type.${value}`)}</option>)}
          </Select>
        </Field>
        <Field label={t('field.priority')} error={errors.priority?.message}>
          <Select {...register('priority')}>
            {PRIORITIES.map((value) => <option key={value} value={value}>{t(`priority.${value}`)}</option>)}
          </Select>
        </Field>
        <Field label={t('field.dueAt')} required={typeInfo?.needsDueTime} error={errors.dueAt?.message}
          hint={timeZone !== browserTimeZone() ? t('form.zone', { zone: timeZone }) : undefined}>
          <input type="datetime-local" className={inputClass}
            {...register('dueAt', { validate: (value) => !typeInfo?.needsDueTime || value !== '' || t('form.dueRequired', { type: t(`type.${type}`) }) })} />
        </Field>
        <Field label={t('field.recurrence')} error={errors.recurrence?.message} hint={dueAt ? undefined : t('form.needsDue')}>
          <Select {...register('recurrence')} disabled={!dueAt}>
            {RECURRENCES.map((value) => <option key={value} value={value}>{t(`recurrence.${value || 'none'}`)}</option>)}
            <option value="custom">{t('recurrence.custom')}</option>
          </Select>
        </Field>
        {typeInfo?.hasDuration && (
          <Field label={t('field.durationMinutes')} error={errors.durationMinutes?.message}>
            <input type="number" min={1} max={1440} step={5} className={inputClass} {...register('durationMinutes')} />
          </Field>
        )}
        {recurrence === 'custom' && (
          <Field label={t('recurrence.rule')} hint={t('recurrence.ruleHint')} error={errors.recurrence?.message}>
            <input className={inputClass} placeholder="FREQ=WEEKLY;BYDAY=MO,WE" {...register('customRule')} />
          </Field>
        )}
        {isManager && (
          <Controller control={control} name="assigneeId" render={({ field }) => (
            <Field label={t('field.assigneeId')} error={errors.assigneeId?.message}>
              <UserSelect {...field} filter={isAdmin ? undefined : (user) => user.team === me.team || user.id === me.id} />
            </Field>
          )} />
        )}
        <fieldset className={`${styles.checkboxes} ${styles.wide}`} disabled={!dueAt}>
          <legend>{t('field.reminders')}</legend>
          {REMINDERS.map((offset) => (
            <label key={offset} className={styles.checkbox}>
              <input type="checkbox" value={offset} {...register('reminders')} /> {t(`reminder.${offset}`)}
            </label>
          ))}
          {errors.reminders?.message && <span role="alert" className={styles.formError}>{errors.reminders.message}</span>}
        </fieldset>
        {(['contactId', 'companyId', 'dealId'] as const).map((name) => (
          <Controller key={name} control={control} name={name} render={({ field }) => (
            <Field label={t(`field.${name}`)} error={errors[name]?.message}>
              <RecordPicker type={name === 'contactId' ? 'contact' : name === 'companyId' ? 'company' : 'deal'}
                value={field.value} onChange={field.onChange} invalid={!!errors[name]} />
            </Field>
          )} />
        ))}
        <Field className={styles.wide} label={t('field.description')} error={errors.description?.message}>
          <textarea className={inputClass} rows={3} {...register('description')} />
        </Field>
        {problem && <div className={styles.wide}><ProblemView error={problem} compact /></div>}
        {otherErrors.length > 0 && <p role="alert" className={`${styles.wide} ${styles.formError}`}>{otherErrors.join(' ')}</p>}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
