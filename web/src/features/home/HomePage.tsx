import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '@/api/client';
import { useMe } from '@/auth/AuthContext';
import { useFormat } from '@/i18n/format';
import { Button, PageHeader, ProblemView, Spinner } from '@/ui';
import { browserTimeZone, groupByDay, localDay } from '@/features/tasks/agenda';
import { useAgenda } from '@/features/tasks/api';
import { useDayLabel } from '@/features/tasks/dayLabels';
import { TaskFormDialog } from '@/features/tasks/TaskFormDialog';
import { TaskList } from '@/features/tasks/TaskRow';
import styles from './HomePage.module.css';

/**
 * My day, the first page after signing in: what is overdue and due today, done with one click; what comes next; the
 * person's open deals closing soonest. Each part loads and fails on its own (tasks and deals are separate services).
 */
export function HomePage() {
  const { t } = useTranslation('home');
  const me = useMe();
  const format = useFormat();
  const [creating, setCreating] = useState(false);
  const hour = new Date().getHours();
  const greeting = hour < 5 ? 'evening' : hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : 'evening';
  const firstName = me.name.split(/\s+/)[0] ?? me.name;

  return (
    <>
      <PageHeader
        title={t(`greeting.${greeting}`, { name: firstName })}
        subtitle={new Intl.DateTimeFormat(format.locale, { dateStyle: 'full' }).format(new Date())}
        actions={<Button variant="primary" onClick={() => setCreating(true)}><Plus size={15} aria-hidden /> {t('newTask')}</Button>}
      />
      <div className={styles.grid}>
        <MyTasks />
        <MyDeals />
      </div>
      <TaskFormDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}

function MyTasks() {
  const { t } = useTranslation('home');
  const timeZone = browserTimeZone();
  const agenda = useAgenda(undefined, timeZone);
  const dayLabel = useDayLabel();
  if (agenda.isError) return <section className={styles.column}><ProblemView error={agenda.error} onRetry={() => void agenda.refetch()} /></section>;
  if (agenda.isPending) return <section className={styles.column}><Spinner label={t('common:app.loading')} /></section>;
  const { overdue = [], today = [], upcoming = [] } = agenda.data;
  const todayKey = localDay(new Date(), timeZone);
  const next = groupByDay(upcoming, timeZone).slice(0, 3);
  return (
    <section className={styles.column} aria-labelledby="home-today">
      <div className={styles.stats}>
        <Link to="/tasks" className={`card ${styles.stat} ${overdue.length ? styles.alert : ''}`}>
          <strong>{overdue.length}</strong><span>{t('stats.overdue', { count: overdue.length })}</span>
        </Link>
        <Link to="/tasks" className={`card ${styles.stat}`}>
          <strong>{today.length}</strong><span>{t('stats.today', { count: today.length })}</span>
        </Link>
        <Link to="/tasks" className={`card ${styles.stat}`}>
          <strong>{upcoming.length}</strong><span>{t('stats.upcoming', { count: upcoming.length })}</span>
        </Link>
      </div>
      <h2 id="home-today" className={styles.heading}>{t('today')}</h2>
      {overdue.length === 0 && today.length === 0
        ? <p className={`card ${styles.calm}`}>{t('allClear')}</p>
        : <TaskList tasks={[...overdue, ...today]} />}
      {next.length > 0 && <h2 className={styles.heading}>{t('comingUp')}</h2>}
      {next.map((group) => (
        <div key={group.day} className={styles.day}>
          <h3 className={styles.dayName}>{dayLabel(group.day, todayKey)}</h3>
          <TaskList tasks={group.tasks} due="time" />
        </div>
      ))}
      <p><Link to="/tasks">{t('allTasks')}</Link></p>
    </section>
  );
}

/** How far ahead "closing soon" looks. */
const SOON_DAYS = 30;

function MyDeals() {
  const { t } = useTranslation('home');
  const me = useMe();
  const format = useFormat();
  const soon = new Date(Date.now() + SOON_DAYS * 86_400_000).toISOString().slice(0, 10);
  const today = new Date().toISOString().slice(0, 10);
  // dated deals closing within the month (overdue ones first): what a rep should push today
  const query = { ownerId: me.id, status: 'open', closeTo: soon, sort: 'expectedCloseDate', limit: 8 };
  const deals = useQuery({
    queryKey: ['deal', 'list', query],
    queryFn: ({ signal }) => call(api().deals.GET('/api/deals', { params: { query: query as never }, signal })),
  });
  const items = deals.data?.items ?? [];
  return (
    <section className={styles.column} aria-labelledby="home-deals">
      <h2 id="home-deals" className={styles.heading}>{t('deals.title')}</h2>
      {deals.isError ? <ProblemView error={deals.error} compact onRetry={() => void deals.refetch()} />
        : deals.isPending ? <Spinner label={t('common:app.loading')} />
          : items.length === 0 ? <p className={`card ${styles.calm}`}>{t('deals.none', { days: SOON_DAYS })}</p>
            : (
              <ul className={`card ${styles.deals}`}>
                {items.map((deal) => (
                  <li key={deal.id}>
                    <Link to={`/deals/${deal.id}`} className={styles.dealTitle}>{deal.title}</Link>
                    <span className={styles.dealMeta}>
                      {deal.stage?.name && <span>{deal.stage.name}</span>}
                      {deal.amount !== undefined && deal.amount !== null && <span>{format.money(deal.amount, deal.currency)}</span>}
                      {deal.expectedCloseDate && (
                        <span className={deal.expectedCloseDate < today ? styles.late : undefined}>
                          {t(deal.expectedCloseDate < today ? 'deals.wasDue' : 'deals.closes', { date: format.date(deal.expectedCloseDate) })}
                        </span>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            )}
      <p><Link to="/deals">{t('deals.all')}</Link></p>
    </section>
  );
}
