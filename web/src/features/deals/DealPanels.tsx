import { useQueryClient } from '@tanstack/react-query';
import { CheckCircle2, Circle, Plus } from 'lucide-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isProblem, splitFieldErrors, type ProblemError } from '@/api/problem';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import { Button, Dialog, Field, inputClass, ProblemView, Select, Spinner, toast } from '@/ui';
import { createTask, useDealHistory, useDealTasks, type Deal, type HistoryEntry, type Pipeline } from './api';
import { shownChanges } from './historyChanges';
import styles from './deals.module.css';
import { formatDuration, timeInStages } from './stageTimes';

/** Who did something: a person by name, an application or Pulse itself. */
function useActorName(): (actor: string | undefined) => string {
  const { t } = useTranslation('deals');
  const userName = useUserName();
  return (actor) => {
    if (!actor) return '';
    if (actor.startsWith('system:')) return t('history.system');
    if (actor.startsWith('client:')) return t('history.client', { client: actor.slice('client:'.length) });
    return userName(actor);
  };
}

/** The stages the deal went through, how long it stayed in each, and every step with who made it. */
export function StageHistoryPanel({ deal }: { deal: Deal }) {
  const { t } = useTranslation('deals');
  const format = useFormat();
  const actorName = useActorName();
  const history = useDealHistory(deal.id ?? '');
  const changes = history.data?.stageChanges ?? [];
  const times = timeInStages(changes, deal);
  const longest = Math.max(1, ...times.map((time) => time.seconds));
  return (
    <section className="card" aria-labelledby="deal-stages">
      <h2 id="deal-stages" className={styles.panelTitle}>{t('deal.timeInStages')}</h2>
      {history.isError ? <ProblemView compact error={history.error} onRetry={() => void history.refetch()} />
        : history.isPending ? <Spinner label={t('common:app.loading')} /> : (
          <>
            <ul className={styles.stageTimes}>
              {times.map((time) => (
                <li key={time.stageId} data-current={time.current || undefined}>
                  <span className={styles.stageTimeName}>{time.name}</span>
                  <span className={styles.stageTimeBar} aria-hidden="true">
                    <span style={{ width: `${Math.max(3, (time.seconds / longest) * 100)}%` }} />
                  </span>
                  <span className={styles.stageTimeValue}>
                    {formatDuration(time.seconds, format.locale)}
                    {time.current && <span className="visually-hidden"> ({t('deal.currentStageShort')})</span>}
                  </span>
                </li>
              ))}
            </ul>
            <ol className={styles.timeline} aria-label={t('deal.stageChanges')}>
              {[...changes].reverse().map((change, index) => (
                <li key={`${change.at}-${index}`}>
                  <div>
                    {change.fromStageName
                      ? t('history.moved', { from: change.fromStageName, to: change.toStageName })
                      : t('history.createdIn', { stage: change.toStageName })}
                    {change.reason && change.reason !== 'moved' && change.reason !== 'created' && (
                      <span className="muted"> · {t(`history.reason.${change.reason}`, { defaultValue: change.reason })}</span>
                    )}
                  </div>
                  <div className={styles.timelineMeta}>
                    <time dateTime={change.at}>{format.dateTime(change.at)}</time> · {actorName(change.by)}
                    {change.fromStageName && change.secondsInPreviousStage !== undefined && (
                      <> · {t('history.after', { duration: formatDuration(change.secondsInPreviousStage, format.locale) })}</>
                    )}
                  </div>
                </li>
              ))}
            </ol>
          </>
        )}
    </section>
  );
}

/** Who changed what, newest first (the service's record history). */
export function DealHistoryPanel({ deal, pipeline }: { deal: Deal; pipeline: Pipeline | undefined }) {
  const { t } = useTranslation('deals');
  const format = useFormat();
  const actorName = useActorName();
  const userName = useUserName();
  const history = useDealHistory(deal.id ?? '');
  const items = history.data?.items ?? [];
  const value = (field: string, raw: unknown): string => {
    if (raw === null || raw === undefined || raw === '') return '—';
    if (field === 'ownerId' && typeof raw === 'string') return userName(raw);
    if (field === 'expectedCloseDate' && typeof raw === 'string') return format.date(raw);
    if (field === 'amount' && typeof raw === 'number') return format.number(raw);
    if (field === 'stageId' && typeof raw === 'string') return pipeline?.stages?.find((s) => s.id === raw)?.name ?? raw;
    if (field === 'status' && typeof raw === 'string') return t(`status.${raw.toLowerCase()}`, { defaultValue: raw });
    if (field === 'companyId' && raw === deal.companyId && deal.companyName) return deal.companyName;
    if (Array.isArray(raw)) return t('history.items', { count: raw.length });
    if (typeof raw === 'object') return JSON.stringify(raw);
    return String(raw);
  };
  return (
    <section className="card" aria-labelledby="deal-history">
      <h2 id="deal-history" className={styles.panelTitle}>{t('deal.history')}</h2>
      {history.isError ? <ProblemView compact error={history.error} onRetry={() => void history.refetch()} />
        : history.isPending ? <Spinner label={t('common:app.loading')} />
          : items.length === 0 ? <p className={styles.panelEmpty}>{t('deal.noHistory')}</p> : (
            <ol className={styles.timeline}>
              {items.map((item: HistoryEntry) => (
                <li key={item.eventId}>
                  <div>
                    <strong>{actorName(item.actor)}</strong> {t(`history.type.${eventName(item.type)}`, { defaultValue: eventName(item.type) })}
                  </div>
                  {shownChanges(item, deal.currency).length > 0 && (
                    <ul className={styles.changes}>
                      {shownChanges(item, deal.currency).map((change) => (
                        <li key={change.field}>
                          <span className="muted">{t(`field.${fieldName(change.field)}`, { defaultValue: change.field })}:</span>{' '}
                          {value(change.field, change.from)} → {value(change.field, change.to)}
                        </li>
                      ))}
                    </ul>
                  )}
                  <div className={styles.timelineMeta}>
                    <time dateTime={item.at} title={format.dateTime(item.at)}>{item.at ? format.relative(item.at) : ''}</time>
                  </div>
                </li>
              ))}
            </ol>
          )}
    </section>
  );
}

/** `pulse.deal.stage_changed.v1` → `stage_changed`. */
function eventName(type: string | undefined): string {
  return type?.split('.')[2] ?? '';
}

function fieldName(field: string | undefined): string {
  if (field === 'ownerId') return 'owner';
  if (field === 'companyId') return 'company';
  if (field === 'stageId') return 'stage';
  return field ?? '';
}

/** The deal's tasks from tasks-service (only this panel suffers when that service is down), and a quick new one. */
export function DealTasksPanel({ deal }: { deal: Deal }) {
  const { t } = useTranslation('deals');
  const format = useFormat();
  const userName = useUserName();
  const tasks = useDealTasks(deal.id ?? '');
  const [creating, setCreating] = useState(false);
  const items = [...(tasks.data?.items ?? [])].sort((a, b) =>
    Number(a.status !== 'open') - Number(b.status !== 'open') || (a.dueAt ?? '9').localeCompare(b.dueAt ?? '9'));
  return (
    <section className="card" aria-labelledby="deal-tasks">
      <div className={styles.panelHeader}>
        <h2 id="deal-tasks" className={styles.panelTitle}>{t('deal.tasks')}</h2>
        <Button size="sm" onClick={() => setCreating(true)}><Plus size={14} aria-hidden /> {t('task.new')}</Button>
      </div>
      {tasks.isError ? <ProblemView compact error={tasks.error} onRetry={() => void tasks.refetch()} />
        : tasks.isPending ? <Spinner label={t('common:app.loading')} />
          : items.length === 0 ? <p className={styles.panelEmpty}>{t('deal.noTasks')}</p> : (
            <ul className={styles.taskList}>
              {items.map((task) => (
                <li key={task.id} data-status={task.status}>
                  {task.status === 'open' ? <Circle size={15} aria-hidden /> : <CheckCircle2 size={15} aria-hidden />}
                  <div className="grow">
                    <Link to="/tasks">{task.title}</Link>
                    <div className={styles.timelineMeta}>
                      {t(`task.type.${task.type}`, { defaultValue: task.type })}
                      {task.dueAt && <> · <span className={task.overdue ? styles.overdue : undefined}>{format.dateTime(task.dueAt)}</span></>}
                      {task.assigneeId && <> · {userName(task.assigneeId)}</>}
                      {task.status !== 'open' && <> · {t(`task.status.${task.status}`, { defaultValue: task.status })}</>}
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
      {creating && <CreateTaskDialog deal={deal} onClose={() => setCreating(false)} />}
    </section>
  );
}

interface TaskValues {
  type: string;
  title: string;
  dueAt: string;
}

const TASK_TYPES = ['call', 'meeting', 'email', 'todo', 'deadline'] as const;

function CreateTaskDialog({ deal, onClose }: { deal: Deal; onClose(): void }) {
  const { t } = useTranslation('deals');
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<ProblemError | undefined>();
  const form = useForm<TaskValues>({ defaultValues: { type: 'call', title: '', dueAt: '' } });
  const errors = problem ? splitFieldErrors(problem, ['type', 'title', 'dueAt']) : { byField: {} as Record<string, string>, other: [] };
  const submit = async (values: TaskValues) => {
    setProblem(undefined);
    try {
      await createTask({
        type: values.type,
        title: values.title.trim(),
        dueAt: values.dueAt || undefined,
        timeZone: values.dueAt ? Intl.DateTimeFormat().resolvedOptions().timeZone : undefined,
        dealId: deal.id,
        companyId: deal.companyId,
        contactId: deal.contacts?.[0]?.contactId,
      });
      void queryClient.invalidateQueries({ queryKey: ['task'] });
      toast({ tone: 'success', title: t('task.created', { title: values.title.trim() }) });
      onClose();
    } catch (error) {
      if (!isProblem(error)) throw error;
      setProblem(error);
    }
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={t('task.title', { deal: deal.title })}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form="deal-task" variant="primary" busy={form.formState.isSubmitting}>{t('common:action.create')}</Button>
        </>
      }>
      <form id="deal-task" className="stack" noValidate onSubmit={form.handleSubmit(submit)}>
        <Field label={t('task.kind')} error={errors.byField.type}>
          <Select {...form.register('type')}>
            {TASK_TYPES.map((type) => <option key={type} value={type}>{t(`task.type.${type}`)}</option>)}
          </Select>
        </Field>
        <Field label={t('field.title')} required error={form.formState.errors.title?.message ?? errors.byField.title}>
          <input className={inputClass} autoFocus {...form.register('title', { required: t('form.required') })} />
        </Field>
        <Field label={t('task.due')} error={errors.byField.dueAt}>
          <input type="datetime-local" className={inputClass} {...form.register('dueAt')} />
        </Field>
        {problem && (errors.other.length > 0 || problem.errors.length === 0) && (
          problem.errors.length === 0 ? <ProblemView compact error={problem} />
            : <div role="alert" className={styles.formError}>{errors.other.join(' ')}</div>
        )}
      </form>
    </Dialog>
  );
}
