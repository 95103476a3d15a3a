import { KanbanSquare, List, Plus } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useHasRole, useMe } from '@/auth/AuthContext';
import { useTeams } from '@/api/users';
import { Button, Field, PageHeader, Select, Spinner, UserSelect } from '@/ui';
import type { Pipeline } from './api';
import styles from './deals.module.css';

/**
 * The filters of the board and the list: the pipeline, and for managers and admins the owner and the team (what
 * they may see is the service's to decide; reps see their own deals, so they have nothing to choose there).
 */
export function DealFilters({ pipelines, pipelineId, ownerId, teamId, onChange, busy, allPipelinesLabel, children }: {
  pipelines: readonly Pipeline[];
  pipelineId: string | undefined;
  ownerId: string | undefined;
  teamId: string | undefined;
  onChange(key: 'pipeline' | 'owner' | 'team', value: string | undefined): void;
  busy?: boolean;
  /** Offered as an empty choice (the list may show every pipeline; the board shows one). */
  allPipelinesLabel?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation('deals');
  const me = useMe();
  const isAdmin = useHasRole('admin');
  const choosesPeople = useHasRole('manager', 'admin');
  const teams = useTeams();
  return (
    <div className={styles.filters} role="search" aria-label={t('filters.label')}>
      <Field label={t('filters.pipeline')}>
        <Select value={pipelineId ?? ''} onChange={(event) => onChange('pipeline', event.target.value || undefined)}>
          {allPipelinesLabel !== undefined && <option value="">{allPipelinesLabel}</option>}
          {pipelines.map((pipeline) => <option key={pipeline.id} value={pipeline.id}>{pipeline.name}</option>)}
        </Select>
      </Field>
      {choosesPeople && (
        <>
          <Field label={t('filters.owner')}>
            <UserSelect value={ownerId ?? ''} emptyLabel={t('filters.everyone')}
              filter={isAdmin ? undefined : (user) => user.team === me.team}
              onChange={(event) => onChange('owner', event.target.value || undefined)} />
          </Field>
          <Field label={t('filters.team')}>
            <Select value={teamId ?? ''} onChange={(event) => onChange('team', event.target.value || undefined)}
              disabled={teams.isPending}>
              <option value="">{t('filters.allTeams')}</option>
              {(teams.data ?? []).map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
            </Select>
          </Field>
        </>
      )}
      {children}
      {busy && <Spinner label={t('common:app.loading')} />}
    </div>
  );
}

/** Board or list: the same deals, two ways (the filters carry over). */
export function ViewSwitch({ current }: { current: 'board' | 'list' }) {
  const { t } = useTranslation('deals');
  const [params] = useSearchParams();
  const keep = new URLSearchParams();
  for (const key of ['pipeline', 'owner', 'team']) {
    const value = params.get(key);
    if (value) keep.set(key, value);
  }
  const query = keep.toString() ? `?${keep}` : '';
  return (
    <nav className={styles.viewSwitch} aria-label={t('view.label')}>
      <Link to={`/deals${query}`} aria-current={current === 'board' ? 'page' : undefined}>
        <KanbanSquare size={15} aria-hidden /> {t('view.board')}
      </Link>
      <Link to={`/deals/list${query}`} aria-current={current === 'list' ? 'page' : undefined}>
        <List size={15} aria-hidden /> {t('view.list')}
      </Link>
    </nav>
  );
}

/** The title of the deals pages: board or list, and a new deal. */
export function DealsHeader({ current, subtitle, canCreate, onCreate, extra }: {
  current: 'board' | 'list';
  subtitle?: string;
  canCreate: boolean;
  onCreate(): void;
  /** More actions of the view (the list's export). */
  extra?: ReactNode;
}) {
  const { t } = useTranslation('deals');
  return (
    <PageHeader
      title={t('title')}
      subtitle={subtitle}
      actions={
        <>
          <ViewSwitch current={current} />
          {extra}
          <Button variant="primary" onClick={onCreate} disabled={!canCreate}>
            <Plus size={16} aria-hidden /> {t('create.open')}
          </Button>
        </>
      }
    />
  );
}
