import { CalendarDays, Plus } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useHasRole, useMe } from '@/auth/AuthContext';
import { Button, EmptyState, ExportMenu, PageHeader, ProblemView, Spinner, UserSelect } from '@/ui';
import { browserTimeZone, groupByDay, localDay } from './agenda';
import { downloadAgenda, useAgenda } from './api';
import { CalendarFeedDialog } from './CalendarFeedDialog';
import { useDayLabel } from './dayLabels';
import { TaskFormDialog, type TaskDefaults } from './TaskFormDialog';
import { TaskList } from './TaskRow';
import styles from './Tasks.module.css';

/**
 * The agenda: what is overdue, due today and in the coming days (by day, in the person's time zone), and what has no
 * date. `?new=1` (with `contactId`, `companyId`, `dealId`, `type`, `title`) opens the new-task form, so other pages can
 * link to it; managers may look at a team member's agenda (`?assignee=`).
 */
export function TasksPage() {
  const { t } = useTranslation('tasks');
  const me = useMe();
  const isManager = useHasRole('manager', 'admin');
  const isAdmin = useHasRole('admin');
  const [params, setParams] = useSearchParams();
  const assignee = params.get('assignee') ?? undefined;
  const timeZone = browserTimeZone();
  const agenda = useAgenda(assignee && assignee !== me.id ? assignee : undefined, timeZone);
  const [feedOpen, setFeedOpen] = useState(false);
  const dayLabel = useDayLabel();
  const creating = params.get('new') === '1';
  const defaults = useMemo<TaskDefaults>(() => ({
    contactId: params.get('contactId') ?? undefined,
    companyId: params.get('companyId') ?? undefined,
    dealId: params.get('dealId') ?? undefined,
    type: params.get('type') ?? undefined,
    title: params.get('title') ?? undefined,
    assigneeId: assignee,
  }), [params, assignee]);
  const setCreating = (open: boolean) => {
    const next = new URLSearchParams(params);
    if (open) next.set('new', '1');
    else ['new', 'contactId', 'companyId', 'dealId', 'type', 'title'].forEach((name) => next.delete(name));
    setParams(next, { replace: true });
  };

  const data = agenda.data;
  const today = localDay(new Date(), timeZone);
  const upcoming = groupByDay(data?.upcoming ?? [], timeZone);
  const total = (data?.overdue?.length ?? 0) + (data?.today?.length ?? 0) + (data?.upcoming?.length ?? 0) + (data?.unscheduled?.length ?? 0);

  return (
    <>
      <PageHeader
        title={t('agenda.title')}
        subtitle={t('agenda.subtitle', { zone: timeZone })}
        actions={
          <>
            {data && total > 0 && (
              <ExportMenu onExport={(kind) => downloadAgenda(data.assigneeId ?? me.id, kind)} />
            )}
            <Button onClick={() => setFeedOpen(true)}><CalendarDays size={15} aria-hidden /> {t('feed.open')}</Button>
            <Button variant="primary" onClick={() => setCreating(true)}><Plus size={15} aria-hidden /> {t('action.new')}</Button>
          </>
        }
      />
      {isManager && (
        <div className={styles.toolbar}>
          <label className="row">
            <span className="muted">{t('agenda.of')}</span>
            <UserSelect value={assignee ?? me.id}
              filter={isAdmin ? undefined : (user) => user.team === me.team || user.id === me.id}
              onChange={(event) => {
                const next = new URLSearchParams(params);
                if (event.target.value && event.target.value !== me.id) next.set('assignee', event.target.value);
                else next.delete('assignee');
                setParams(next, { replace: true });
              }} />
          </label>
        </div>
      )}
      {agenda.isError ? (
        <ProblemView error={agenda.error} onRetry={() => void agenda.refetch()} />
      ) : agenda.isPending ? (
        <Spinner label={t('common:app.loading')} />
      ) : total === 0 ? (
        <EmptyState title={t('agenda.empty')}>
          <Button variant="primary" onClick={() => setCreating(true)}>{t('action.new')}</Button>
        </EmptyState>
      ) : (
        <div className={styles.section}>
          {(data?.overdue?.length ?? 0) > 0 && (
            <section aria-labelledby="agenda-overdue">
              <h2 id="agenda-overdue" className={`${styles.sectionTitle} ${styles.overdueTitle}`}>
                {t('agenda.overdue')} <span className={styles.count}>{data?.overdue?.length}</span>
              </h2>
              <TaskList tasks={data?.overdue ?? []} />
            </section>
          )}
          <section aria-labelledby="agenda-today">
            <h2 id="agenda-today" className={styles.sectionTitle}>
              {t('day.today')} <span className={styles.count}>{data?.today?.length ?? 0}</span>
            </h2>
            <TaskList tasks={data?.today ?? []} due="time" empty={t('agenda.nothingToday')} />
          </section>
          {upcoming.map((group) => (
            <section key={group.day} aria-labelledby={`agenda-${group.day}`}>
              <h2 id={`agenda-${group.day}`} className={styles.sectionTitle}>
                {dayLabel(group.day, today)} <span className={styles.count}>{group.tasks.length}</span>
              </h2>
              <TaskList tasks={group.tasks} due="time" />
            </section>
          ))}
          {(data?.unscheduled?.length ?? 0) > 0 && (
            <section aria-labelledby="agenda-unscheduled">
              <h2 id="agenda-unscheduled" className={styles.sectionTitle}>
                {t('agenda.unscheduled')} <span className={styles.count}>{data?.unscheduled?.length}</span>
              </h2>
              <TaskList tasks={data?.unscheduled ?? []} />
            </section>
          )}
        </div>
      )}
      <TaskFormDialog open={creating} onOpenChange={setCreating} defaults={defaults} />
      <CalendarFeedDialog open={feedOpen} onOpenChange={setFeedOpen} />
    </>
  );
}
