import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '@/api/client';
import type { components as DealsComponents } from '@/api/generated/deals-service';
import type { components as TasksComponents } from '@/api/generated/tasks-service';
import { isProblem, splitFieldErrors } from '@/api/problem';
import { useUserName } from '@/api/users';
import { useSubmissionKey } from '@/api/idempotency';
import { useFormat } from '@/i18n/format';
import { Badge, Button, Field, inputClass, ProblemView, Select, Spinner, toast } from '@/ui';
import { FormDialog } from '../FormDialog';
import styles from './record.module.css';

type Deal = DealsComponents['schemas']['DealResponse'];
type Task = TasksComponents['schemas']['TaskResponse'];

/** A side section of a record page; a service that is down degrades only this section. */
export function Section({ title, actions, children, id }: { title: string; actions?: ReactNode; children: ReactNode; id?: string }) {
  return (
    <section className={`card ${styles.section}`} aria-labelledby={id}>
      <div className={styles.sectionHead}>
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** Deals of a contact or a company (deals-service, only those the person sees), read-only with links. */
export function RelatedDeals({ contactId, companyId }: { contactId?: string; companyId?: string }) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const filter = contactId ? { contactId } : { companyId };
  const deals = useQuery({
    queryKey: ['deal', 'list', filter],
    queryFn: ({ signal }) =>
      call(api().deals.GET('/api/deals', { params: { query: { ...filter, sort: '-createdAt', limit: 50 } }, signal })),
  });
  return (
    <Section title={t('related.deals')} id="related-deals">
      {deals.isError ? (
        <ProblemView error={deals.error} onRetry={() => void deals.refetch()} compact />
      ) : deals.isPending ? (
        <Spinner label={t('common:app.loading')} />
      ) : (deals.data.items ?? []).length === 0 ? (
        <p className="muted">{t('related.noDeals')}</p>
      ) : (
        <ul className={styles.relatedList}>
          {(deals.data.items ?? []).map((deal: Deal) => (
            <li key={deal.id}>
              <Link to={`/deals/${deal.id}`}>{deal.title}</Link>
              <div className={styles.relatedMeta}>
                <Badge tone={deal.status === 'won' ? 'success' : deal.status === 'lost' ? 'danger' : 'accent'}>
                  {deal.stage?.name ?? t(`related.status.${deal.status ?? 'open'}`)}
                </Badge>
                {deal.amount !== undefined && deal.amount !== null && <span>{format.money(deal.amount, deal.currency)}</span>}
                {deal.expectedCloseDate && <span className="muted">{format.date(deal.expectedCloseDate)}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** Tasks about a contact (tasks-service), open ones first, with a quick "new task" for it. */
export function RelatedTasks({ contactId, companyId }: { contactId?: string; companyId?: string }) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const userName = useUserName();
  const [creating, setCreating] = useState(false);
  const filter = contactId ? { contactId } : { companyId };
  const tasks = useQuery({
    queryKey: ['task', 'list', filter],
    queryFn: ({ signal }) => call(api().tasks.GET('/api/tasks', { params: { query: { ...filter, limit: 50 } }, signal })),
  });
  const items = [...(tasks.data?.items ?? [])].sort(byStatusThenDue);
  return (
    <Section
      title={t('related.tasks')}
      id="related-tasks"
      actions={contactId ? (
        <Button size="sm" variant="ghost" onClick={() => setCreating(true)}>
          <Plus size={14} aria-hidden /> {t('related.newTask')}
        </Button>
      ) : undefined}
    >
      {tasks.isError ? (
        <ProblemView error={tasks.error} onRetry={() => void tasks.refetch()} compact />
      ) : tasks.isPending ? (
        <Spinner label={t('common:app.loading')} />
      ) : items.length === 0 ? (
        <p className="muted">{t('related.noTasks')}</p>
      ) : (
        <ul className={styles.relatedList}>
          {items.map((task: Task) => (
            <li key={task.id} data-status={task.status}>
              <Link to="/tasks" className={task.status !== 'open' ? styles.done : undefined}>{task.title}</Link>
              <div className={styles.relatedMeta}>
                {task.status !== 'open' ? (
                  <Badge>{t(`related.taskStatus.${task.status}`, { defaultValue: task.status })}</Badge>
                ) : task.overdue ? (
                  <Badge tone="danger">{t('related.overdue')}</Badge>
                ) : null}
                {task.dueAt && <span className="muted">{format.dateTime(task.dueAt)}</span>}
                {task.assigneeId && <span className="muted">{userName(task.assigneeId)}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
      {contactId && creating && <NewTaskDialog contactId={contactId} onClose={() => setCreating(false)} />}
    </Section>
  );
}

function byStatusThenDue(a: Task, b: Task): number {
  const open = (task: Task) => (task.status === 'open' ? 0 : 1);
  if (open(a) !== open(b)) return open(a) - open(b);
  return (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999');
}

const TASK_TYPES = ['call', 'email', 'meeting', 'todo'] as const;

/** A task about this contact, assigned to the person creating it (tasks-service decides the rest). */
function NewTaskDialog({ contactId, onClose }: { contactId: string; onClose(): void }) {
  const { t } = useTranslation('contacts');
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [type, setType] = useState<(typeof TASK_TYPES)[number]>('call');
  const [due, setDue] = useState('');
  const key = useSubmissionKey();
  const create = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = { title, type, contactId };
      if (due) {
        body.dueAt = new Date(due).toISOString();
        body.timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      }
      return call(api().tasks.POST('/api/tasks', { body: body as never, headers: key.headers }));
    },
    onError: (error) => key.settled(error),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['task'] });
      toast({ title: t('related.taskCreated'), tone: 'success' });
      onClose();
    },
  });
  const errors = create.error && isProblem(create.error) ? splitFieldErrors(create.error, ['title', 'type', 'dueAt']) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <FormDialog formId="new-task" title={t('related.newTask')} submitLabel={t('common:action.create')} busy={create.isPending} onClose={onClose}>
      <form id="new-task" className="stack" onSubmit={submit}>
        <Field label={t('related.taskTitle')} required error={errors?.byField.title}>
          <input className={inputClass} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />
        </Field>
        <Field label={t('related.taskType')} error={errors?.byField.type}>
          <Select value={type} onChange={(e) => setType(e.target.value as (typeof TASK_TYPES)[number])}>
            {TASK_TYPES.map((value) => <option key={value} value={value}>{t(`related.taskTypes.${value}`)}</option>)}
          </Select>
        </Field>
        <Field label={t('related.taskDue')} error={errors?.byField.dueAt}>
          <input className={inputClass} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
        </Field>
        {create.isError && (!errors || errors.other.length > 0 || Object.keys(errors.byField).length === 0) && (
          <ProblemView error={create.error} compact />
        )}
      </form>
    </FormDialog>
  );
}
