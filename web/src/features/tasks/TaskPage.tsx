import { Check, Pencil, RotateCcw, X } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import { Badge, Button, ConfirmDialog, Field, inputClass, PageHeader, ProblemView, Spinner, toast, type BadgeTone } from '@/ui';
import { requiredToComplete, useCancelTask, useReopenTask, useTask, useTaskHistory, useTaskTypes, type Task } from './api';
import { CompleteTaskDialog } from './CompleteTaskDialog';
import { RelatedLinks } from './related';
import { TaskFormDialog } from './TaskFormDialog';
import { TaskTypeIcon } from './taskTypes';
import styles from './Tasks.module.css';

/** Internal bookkeeping of a task: not worth a line in its history. */
const HIDDEN_FIELDS = new Set(['version', 'occurrence', 'seriesId', 'seriesStart', 'nextTimerAt', 'timeZone', 'updatedAt']);
const PEOPLE_FIELDS = new Set(['assigneeId', 'creatorId', 'managerId']);

const STATUS_TONE: Record<string, BadgeTone> = { open: 'accent', done: 'success', cancelled: 'neutral' };

/** One task: everything about it, what can be done with it, and who changed what. */
export function TaskPage() {
  const { t } = useTranslation('tasks');
  const { id = '' } = useParams();
  const task = useTask(id);

  if (task.isError) {
    return (
      <>
        <PageHeader title={t('task.title')} />
        <ProblemView error={task.error} onRetry={() => void task.refetch()} />
        <p><Link to="/tasks">{t('task.back')}</Link></p>
      </>
    );
  }
  if (task.isPending) return <Spinner label={t('common:app.loading')} />;
  return <TaskView task={task.data} />;
}

function TaskView({ task }: { task: Task }) {
  const { t } = useTranslation('tasks');
  const format = useFormat();
  const userName = useUserName();
  const types = useTaskTypes();
  const cancel = useCancelTask();
  const reopen = useReopenTask();
  const [editing, setEditing] = useState(false);
  const [completing, setCompleting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const open = task.status === 'open';
  const required = requiredToComplete(task, types.data?.types);

  return (
    <>
      <PageHeader
        title={<span className="row"><TaskTypeIcon type={task.type} size={20} /> {task.title}</span>}
        subtitle={
          <span className="row">
            <Badge tone={STATUS_TONE[task.status ?? ''] ?? 'neutral'}>{t(`status.${task.status}`, { defaultValue: task.status })}</Badge>
            {task.overdue && <Badge tone="danger">{t('due.overdue')}</Badge>}
            <span>{t(`type.${task.type}`, { defaultValue: task.type })}</span>
          </span>
        }
        actions={
          open ? (
            <>
              <Button onClick={() => setEditing(true)}><Pencil size={15} aria-hidden /> {t('common:action.edit')}</Button>
              <Button onClick={() => setCancelling(true)}><X size={15} aria-hidden /> {t('action.cancelTask')}</Button>
              <Button variant="primary" onClick={() => setCompleting(true)}><Check size={15} aria-hidden /> {t('action.complete')}</Button>
            </>
          ) : (
            <Button busy={reopen.isPending} onClick={() => reopen.mutate(task, {
              onSuccess: () => toast({ tone: 'success', title: t('task.reopened') }),
              onError: (error) => toast({ tone: 'error', title: error.message }),
            })}>
              <RotateCcw size={15} aria-hidden /> {t('action.reopen')}
            </Button>
          )
        }
      />
      <div className={styles.grid}>
        <div className="stack">
          <section className={`card ${styles.card}`} aria-label={t('task.details')}>
            <dl className={styles.details}>
              <dt>{t('field.dueAt')}</dt>
              <dd>{task.dueAt ? <>{format.dateTime(task.dueAt)} {task.overdue && <span className={styles.late}>· {format.relative(task.dueAt)}</span>}</> : t('due.none')}</dd>
              {task.durationMinutes ? <><dt>{t('field.durationMinutes')}</dt><dd>{t('task.minutes', { count: task.durationMinutes })}</dd></> : null}
              <dt>{t('field.priority')}</dt>
              <dd>{t(`priority.${task.priority}`, { defaultValue: task.priority })}</dd>
              <dt>{t('field.assigneeId')}</dt>
              <dd>{task.assigneeId ? userName(task.assigneeId) : t('task.unassigned')}</dd>
              {task.creatorId && <><dt>{t('field.creatorId')}</dt><dd>{userName(task.creatorId)}</dd></>}
              {(task.contactId || task.companyId || task.dealId) && (
                <><dt>{t('task.about')}</dt><dd><RelatedLinks contactId={task.contactId} companyId={task.companyId} dealId={task.dealId} /></dd></>
              )}
              {task.reminders && task.reminders.length > 0 && (
                <><dt>{t('field.reminders')}</dt>
                  <dd>{task.reminders.map((offset) => t(`reminder.${offset}`, { defaultValue: offset })).join(', ')}
                    {task.nextReminderAt && <span className="muted"> · {t('task.nextReminder', { at: format.dateTime(task.nextReminderAt) })}</span>}</dd></>
              )}
              {task.recurrence && <><dt>{t('field.recurrence')}</dt><dd>{t(`recurrence.${task.recurrence}`, { defaultValue: task.recurrence })}</dd></>}
              {task.followUp && <><dt>{t('complete.followUp')}</dt><dd>{t(`type.${task.followUp.type}`)}: {task.followUp.title}</dd></>}
              {open && required.length > 0 && (
                <><dt>{t('task.toComplete')}</dt><dd>{required.map((name) => t(`completionField.${name}`, { defaultValue: name })).join(', ')}</dd></>
              )}
            </dl>
            {task.description && <p className={styles.description}>{task.description}</p>}
          </section>
          {task.status === 'done' && (
            <section className={`card ${styles.card}`} aria-label={t('task.outcome')}>
              <h2>{t('task.outcome')}</h2>
              <p>{task.outcome || <span className="muted">{t('task.noOutcome')}</span>}</p>
              {task.completionFields && Object.entries(task.completionFields).map(([name, value]) => (
                <p key={name}><strong>{t(`completionField.${name}`, { defaultValue: name })}:</strong> {value}</p>
              ))}
              {task.completedAt && <p className="muted">{t('task.completedAt', { at: format.dateTime(task.completedAt) })}</p>}
            </section>
          )}
          {task.status === 'cancelled' && (
            <section className={`card ${styles.card}`}>
              <p>{t('task.cancelledAt', { at: format.dateTime(task.cancelledAt) })}{task.cancelReason ? ` · ${t(`cancelReason.${task.cancelReason}`, { defaultValue: task.cancelReason })}` : ''}</p>
            </section>
          )}
        </div>
        <TaskHistory id={task.id as string} />
      </div>
      {editing && <TaskFormDialog open={editing} onOpenChange={setEditing} task={task} />}
      {completing && <CompleteTaskDialog task={task} open={completing} onOpenChange={setCompleting} />}
      <ConfirmDialog
        open={cancelling}
        onOpenChange={setCancelling}
        title={t('cancel.title')}
        confirmLabel={t('action.cancelTask')}
        busy={cancel.isPending}
        danger
        onConfirm={() => cancel.mutate({ task, reason: reason.trim() }, {
          onSuccess: () => { setCancelling(false); toast({ tone: 'success', title: t('cancel.done') }); },
        })}
      >
        <Field label={t('cancel.reason')}>
          <input className={inputClass} value={reason} onChange={(event) => setReason(event.target.value)} />
        </Field>
        {cancel.error && <ProblemView error={cancel.error} compact />}
      </ConfirmDialog>
    </>
  );
}

function TaskHistory({ id }: { id: string }) {
  const { t } = useTranslation('tasks');
  const format = useFormat();
  const userName = useUserName();
  const history = useTaskHistory(id);
  return (
    <section className={`card ${styles.card}`} aria-labelledby="task-history">
      <h2 id="task-history">{t('task.history')}</h2>
      {history.isError ? <ProblemView error={history.error} compact onRetry={() => void history.refetch()} />
        : history.isPending ? <Spinner label={t('common:app.loading')} />
          : (
            <ol className={styles.history}>
              {(history.data.items ?? []).map((entry) => (
                <li key={entry.eventId}>
                  <div><strong>{actorName(entry.actor, userName, t)}</strong> · {t(`event.${eventName(entry.type)}`, { defaultValue: eventName(entry.type) })}</div>
                  {eventName(entry.type) !== 'created' && (entry.changes ?? []).filter((change) => !HIDDEN_FIELDS.has(change.field ?? ''))
                    .slice(0, 6).map((change) => (
                      <div key={change.field} className="muted">
                        {t(`field.${change.field}`, { defaultValue: change.field })}: {show(change.field, change.from)} → {show(change.field, change.to)}
                      </div>
                    ))}
                  <div className={styles.when}>{format.dateTime(entry.at)}</div>
                </li>
              ))}
            </ol>
          )}
    </section>
  );

  function show(field: string | undefined, value: unknown): string {
    if (value === null || value === undefined || value === '') return '—';
    if (field && PEOPLE_FIELDS.has(field) && typeof value === 'string') return userName(value);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return format.dateTime(value);
    if (field === 'type' || field === 'priority' || field === 'status') return t(`${field}.${String(value)}`, { defaultValue: String(value) });
    if (Array.isArray(value)) return value.map(String).join(', ');
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  }
}

function eventName(type: string | undefined): string {
  return (type ?? '').replace(/^pulse\.task\./, '').replace(/\.v\d+$/, '');
}

function actorName(actor: string | undefined, userName: (id: string) => string, t: (key: string) => string): string {
  if (!actor) return '';
  if (actor.startsWith('system:')) return t('task.system');
  if (actor.startsWith('client:')) return actor.slice('client:'.length);
  return userName(actor);
}

