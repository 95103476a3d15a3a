import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeams, useUsers } from '@/api/users';
import { EmptyState, Field, inputClass, PageHeader, ProblemView, Spinner } from '@/ui';
import styles from './settings.module.css';

/** The directory as identity-service has it: read-only here, people and teams are managed in the identity provider. */
export function UsersPage() {
  const { t } = useTranslation('settings');
  const users = useUsers();
  const teams = useTeams();
  const [query, setQuery] = useState('');
  const nameOf = (id: string | undefined) => (id ? users.data?.find((u) => u.id === id)?.name ?? id : '—');
  const teamName = (id: string | undefined) => (id ? teams.data?.find((team) => team.id === id)?.name ?? id : '—');
  const q = query.trim().toLowerCase();
  const shown = (users.data ?? []).filter((user) => !q || [user.id, user.name, user.email ?? ''].some((v) => v.toLowerCase().includes(q)))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      <PageHeader title={t('users.title')} subtitle={t('users.subtitle')} />
      <section aria-labelledby="teams-heading" className={styles.card}>
        <h2 id="teams-heading">{t('users.teams')}</h2>
        {teams.isPending && <Spinner />}
        {teams.isError && <ProblemView error={teams.error} onRetry={() => void teams.refetch()} />}
        {teams.isSuccess && teams.data.length === 0 && <EmptyState title={t('users.noTeams')} />}
        {teams.isSuccess && teams.data.length > 0 && (
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">{t('users.team')}</th>
                <th scope="col">{t('users.manager')}</th>
                <th scope="col">{t('users.members')}</th>
              </tr>
            </thead>
            <tbody>
              {teams.data.map((team) => (
                <tr key={team.id}>
                  <td>{team.name}</td>
                  <td>{nameOf(team.managerId)}</td>
                  <td>{team.memberIds.map(nameOf).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="people-heading" className={styles.card}>
        <div className={styles.sectionHeader}>
          <h2 id="people-heading">{t('users.people', { count: users.data?.length ?? 0 })}</h2>
          <Field label={t('users.search')}>
            <input className={inputClass} type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
          </Field>
        </div>
        {users.isPending && <Spinner />}
        {users.isError && <ProblemView error={users.error} onRetry={() => void users.refetch()} />}
        {users.isSuccess && (
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('users.roles')}</th>
                <th scope="col">{t('users.team')}</th>
                <th scope="col">{t('users.manager')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((user) => (
                <tr key={user.id}>
                  <td>{user.name} <span className="muted">({user.id})</span></td>
                  <td className={styles.breakAll}>{user.email ?? '—'}</td>
                  <td>{user.roles.map((role) => t(`common:role.${role}`, { defaultValue: role })).join(', ')}</td>
                  <td>{teamName(user.team)}</td>
                  <td>{nameOf(user.managerId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
