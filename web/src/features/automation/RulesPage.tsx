import { Plus } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isProblem } from '@/api/problem';
import { useTeams } from '@/api/users';
import { useHasRole } from '@/auth/AuthContext';
import { useFormat } from '@/i18n/format';
import { Badge, EmptyState, PageHeader, ProblemView, Spinner, toast } from '@/ui';
import { useRules, useRuns, useToggleRule, type RuleResponse } from './api';
import { eventKey } from './TriggerEditor';
import { NotAllowed } from './NotAllowed';
import type { Trigger } from './model';
import styles from './automation.module.css';

/** `/automation`: the rules the person may manage, switched on and off in place, with their last run and failures. */
export function RulesPage() {
  const { t } = useTranslation('automation');
  const allowed = useHasRole('manager', 'admin');
  const rules = useRules();
  if (!allowed) return <NotAllowed />;
  return (
    <div className={styles.page}>
      <PageHeader title={t('rules.title')} subtitle={t('rules.subtitle')}
        actions={<>
          <Link to="/automation/runs" className={styles.secondaryLink}>{t('runs.allTitle')}</Link>
          <Link to="/automation/new" className={styles.primaryLink}><Plus size={15} aria-hidden /> {t('rules.new')}</Link>
        </>} />
      {rules.isPending && <Spinner />}
      {rules.isError && <ProblemView error={rules.error} onRetry={() => rules.refetch()} />}
      {rules.isSuccess && rules.data.length === 0 && (
        <EmptyState title={t('rules.none')}>{t('rules.noneHint')}</EmptyState>
      )}
      {rules.isSuccess && rules.data.length > 0 && (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">{t('rules.name')}</th>
                <th scope="col">{t('rules.when')}</th>
                <th scope="col">{t('rules.team')}</th>
                <th scope="col">{t('rules.enabled')}</th>
                <th scope="col">{t('rules.lastRun')}</th>
                <th scope="col">{t('rules.failures')}</th>
              </tr>
            </thead>
            <tbody>
              {rules.data.map((rule) => <RuleRow key={rule.id} rule={rule} />)}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function RuleRow({ rule }: { rule: RuleResponse }) {
  const { t } = useTranslation('automation');
  const teams = useTeams();
  const toggle = useToggleRule();
  const format = useFormat();
  const last = useRuns({ ruleId: rule.id, limit: 1 });
  const failed = useRuns({ ruleId: rule.id, status: 'failed', limit: 100 });
  const lastRun = last.data?.items?.[0];
  const failures = failed.data?.items?.length ?? 0;
  const team = rule.team ? teams.data?.find((candidate) => candidate.id === rule.team)?.name ?? rule.team : t('editor.organisationWide');
  return (
    <tr data-rule-id={rule.id}>
      <th scope="row">
        <Link to={`/automation/rules/${rule.id}`}>{rule.name}</Link>
        {rule.description && <div className="muted">{rule.description}</div>}
      </th>
      <td>{describeTrigger(rule.trigger as Trigger | undefined, t)}</td>
      <td>{team}</td>
      <td>
        <button type="button" role="switch" aria-checked={!!rule.enabled} className={styles.switch} disabled={toggle.isPending}
          aria-label={t('rules.toggle', { name: rule.name })}
          onClick={() => toggle.mutate(rule, {
            onError: (error) => toast({ title: t('rules.toggleFailed'), description: isProblem(error) ? error.message : undefined, tone: 'error' }),
          })}>
          <span aria-hidden className={styles.knob} />
          <span>{rule.enabled ? t('rules.on') : t('rules.off')}</span>
        </button>
      </td>
      <td>
        {last.isError ? <span className="muted">{t('rules.unknown')}</span> : lastRun ? (
          <Link to={`/automation/rules/${rule.id}?tab=runs`}>
            <Badge tone={lastRun.status === 'failed' ? 'danger' : lastRun.status === 'completed' ? 'success' : 'neutral'}>
              {t(`status.${lastRun.status}`, { defaultValue: lastRun.status })}
            </Badge>{' '}
            <time dateTime={lastRun.createdAt}>{format.relative(lastRun.createdAt as string)}</time>
          </Link>
        ) : last.isSuccess ? <span className="muted">{t('rules.never')}</span> : null}
      </td>
      <td>
        {failed.isSuccess && (failures > 0
          ? <Link to={`/automation/rules/${rule.id}?tab=runs&status=failed`} className={styles.errorText}>
              {t('rules.failedRuns', { count: failures, more: failed.data.nextCursor ? '+' : '' })}
            </Link>
          : <span className="muted">0</span>)}
      </td>
    </tr>
  );
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** "Deal stage changed: stage.name → Proposal", "3 days before deal expectedCloseDate", "Schedule 0 0 9 * * MON". */
export function describeTrigger(trigger: Trigger | undefined, t: Translate): string {
  if (!trigger) return '';
  if (trigger.type === 'event') {
    const events = trigger.events.map((type) => t(`event.${eventKey(type)}`, { defaultValue: type })).join(', ');
    if (!trigger.field) return events;
    const change = [trigger.from !== undefined && trigger.from !== null ? String(trigger.from) : '', trigger.to !== undefined && trigger.to !== null ? String(trigger.to) : '']
      .map((value) => value || '…').join(' → ');
    return `${events}: ${trigger.field} ${change}`;
  }
  if (trigger.type === 'date') return t('trigger.dateSummary', { record: t(`record.${trigger.record}`), field: trigger.field, offset: trigger.offset ?? '' });
  return t('trigger.scheduleSummary', { record: t(`record.${trigger.record}`), cron: trigger.cron });
}
