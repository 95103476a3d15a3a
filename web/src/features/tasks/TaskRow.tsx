import { Check, Repeat } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isProblem } from '@/api/problem';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import { Badge, describeProblem, toast } from '@/ui';
import { browserTimeZone, localDay } from './agenda';
import { requiredToComplete, useCompleteTask, useReopenTask, useTaskTypes, type Task } from './api';
import { CompleteTaskDialog } from './CompleteTaskDialog';
import { RelatedLinks } from './related';
import { TaskTypeIcon } from './taskTypes';
import styles from './Tasks.module.css';

/**
 * One task in a list: done with one click (or a dialog when its type asks for something, such as a call's outcome),
 * its title leading to the task, when it is due, what it is about.
 */
/** How a due time is shown: the time alone (under a day's heading), date and time, or the time alone for today. */
export type DueStyle = 'time' | 'full' | 'auto';

export function TaskRow({ task, showAssignee = false, due = 'auto' }: { task: Task; showAssignee?: boolean; due?: DueStyle }) {
  const { t } = useTranslation('tasks');
  const { t: common } = useTranslation();
  const format = useFormat();
  const userName = useUserName();
  const types = useTaskTypes();
  const complete = useCompleteTask();
  const reopen = useReopenTask();
  const [dialogOpen, setDialogOpen] = useState(false);
  const open = task.status === 'open';
  const late = open && task.overdue;

  const quickComplete = () => {
    if (requiredToComplete(task, types.data?.types).length > 0 || types.isPending) {
      setDialogOpen(true);
      return;
    }
    complete.mutate({ task, completion: {} }, {
      onSuccess: (done) => toast({
        tone: 'success',
        title: t('complete.doneNamed', { title: task.title }),
        action: { label: t('action.undo'), onClick: () => reopen.mutate(done) },
      }),
      onError: (error) => {
        // refused for a missing field after all (the task changed meanwhile): ask for it
        if (isProblem(error) && error.status === 400) setDialogOpen(true);
        else toast({ tone: 'error', title: describeProblem(error, common).title });
      },
    });
  };

  return (
    <li className={[styles.row, open ? '' : styles.done].join(' ')}>
      <button type="button" className={[styles.check, open ? '' : styles.checked].join(' ')} disabled={!open || complete.isPending}
        aria-label={open ? t('action.completeNamed', { title: task.title }) : t('status.done')} onClick={quickComplete}>
        <Check size={14} aria-hidden />
      </button>
      <span className={styles.typeIcon} role="img" aria-label={t(`type.${task.type}`, { defaultValue: task.type })}
        title={t(`type.${task.type}`, { defaultValue: task.type })}>
        <TaskTypeIcon type={task.type} />
      </span>
      <div className={styles.body}>
        <div className={styles.titleLine}>
          <Link to={`/tasks/${task.id}`} className={styles.title}>{task.title}</Link>
          {(task.priority === 'high' || task.priority === 'urgent') && (
            <Badge tone={task.priority === 'urgent' ? 'danger' : 'warning'}>{t(`priority.${task.priority}`)}</Badge>
          )}
          {task.status === 'cancelled' && <Badge>{t('status.cancelled')}</Badge>}
        </div>
        <div className={styles.meta}>
          {task.dueAt && (
            <span className={[styles.due, late ? styles.late : ''].join(' ')}>
              {late && <span className="visually-hidden">{t('due.overdue')}: </span>}
              {due === 'time' || (due === 'auto' && localDay(task.dueAt, browserTimeZone()) === localDay(new Date(), browserTimeZone()))
                ? format.time(task.dueAt) : format.dateTime(task.dueAt)}
              {late && <> · {format.relative(task.dueAt)}</>}
            </span>
          )}
          {task.recurrence && <span className={styles.due} title={t('field.recurrence')}><Repeat size={13} aria-label={t('field.recurrence')} /></span>}
          {showAssignee && task.assigneeId && <span>{userName(task.assigneeId)}</span>}
          <RelatedLinks contactId={task.contactId} companyId={task.companyId} dealId={task.dealId} />
        </div>
      </div>
      {dialogOpen && <CompleteTaskDialog task={task} open={dialogOpen} onOpenChange={setDialogOpen} />}
    </li>
  );
}

/** Tasks as a list in a card, or what to show when there are none. */
export function TaskList({ tasks, empty, showAssignee, due }: {
  tasks: readonly Task[]; empty?: string; showAssignee?: boolean; due?: DueStyle;
}) {
  if (tasks.length === 0) return empty ? <p className={styles.empty}>{empty}</p> : null;
  return (
    <ul className={`card ${styles.list}`}>
      {tasks.map((task) => <TaskRow key={task.id} task={task} showAssignee={showAssignee} due={due} />)}
    </ul>
  );
}
