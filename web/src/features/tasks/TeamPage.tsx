import { ChevronDown, ChevronRight } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useTeams } from '@/api/users';
import { useHasRole } from '@/auth/AuthContext';
import { Badge, EmptyState, PageHeader, ProblemView, Select, Spinner } from '@/ui';
import { useTeamWorkload, type TeamWorkload } from './api';
import { TaskList } from './TaskRow';
import styles from './Tasks.module.css';

/**
 * A manager's view of their team's work: per person, how much is open, overdue and due today, and their tasks (the
 * most urgent first). Admins choose the team.
 */
export function TeamPage() {
  const { t } = useTranslation('tasks');
  const isAdmin = useHasRole('admin');
  const [params, setParams] = useSearchParams();
  const teams = useTeams();
  const chosen = params.get('team') ?? (isAdmin ? teams.data?.[0]?.id : undefined);
  const workload = useTeamWorkload(chosen, !isAdmin || !!chosen);

  return (
    <>
      <PageHeader
        title={workload.data?.name ? t('team.titleOf', { team: workload.data.name }) : t('team.title')}
        subtitle={t('team.subtitle')}
        actions={isAdmin && (
          <label className="row">
            <span className="muted">{t('team.choose')}</span>
            <Select value={chosen ?? ''} onChange={(event) => setParams({ team: event.target.value }, { replace: true })}>
              {(teams.data ?? []).map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
            </Select>
          </label>
        )}
      />
      {workload.isError ? (
        <ProblemView error={workload.error} onRetry={() => void workload.refetch()} />
      ) : workload.isPending ? (
        <Spinner label={t('common:app.loading')} />
      ) : (
        <Workload data={workload.data} />
      )}
    </>
  );
}

function Workload({ data }: { data: TeamWorkload }) {
  const { t } = useTranslation('tasks');
  const totals = data.totals ?? {};
  const members = data.members ?? [];
  return (
    <>
      <div className={styles.totals}>
        {(['open', 'overdue', 'dueToday', 'unscheduled'] as const).map((name) => (
          <div key={name} className={`card ${styles.stat}`}>
            <strong>{totals[name] ?? 0}</strong>
            <span>{t(`team.count.${name}`)}</span>
          </div>
        ))}
      </div>
      {members.length === 0 ? <EmptyState title={t('team.noMembers')} /> : (
        <div className={styles.members}>
          {members.map((member) => <Member key={member.userId} member={member} />)}
        </div>
      )}
    </>
  );
}

function Member({ member }: { member: NonNullable<TeamWorkload['members']>[number] }) {
  const { t } = useTranslation('tasks');
  const counts = member.counts ?? {};
  const [open, setOpen] = useState((counts.overdue ?? 0) > 0);
  const listId = `member-${member.userId}`;
  return (
    <section className={`card ${styles.member}`} aria-label={member.name}>
      <div className={styles.memberHead}>
        <button type="button" className={styles.memberToggle} aria-expanded={open} aria-controls={listId} onClick={() => setOpen((v) => !v)}>
          {open ? <ChevronDown size={16} aria-hidden /> : <ChevronRight size={16} aria-hidden />}
          <span className={styles.memberName}>{member.name}</span>
        </button>
        <span className="grow" />
        <Badge>{t('team.open', { count: counts.open ?? 0 })}</Badge>
        {(counts.overdue ?? 0) > 0 && <Badge tone="danger">{t('team.overdue', { count: counts.overdue ?? 0 })}</Badge>}
        {(counts.dueToday ?? 0) > 0 && <Badge tone="warning">{t('team.dueToday', { count: counts.dueToday ?? 0 })}</Badge>}
        <Link to={`/tasks?assignee=${encodeURIComponent(member.userId ?? '')}`}>{t('team.agenda')}</Link>
      </div>
      {open && (
        <div id={listId}>
          <TaskList tasks={member.tasks ?? []} empty={t('team.nothingOpen')} />
        </div>
      )}
    </section>
  );
}
