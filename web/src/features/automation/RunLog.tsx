import { RotateCcw } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isProblem } from '@/api/problem';
import { RecordLink } from '@/features/tasks/related';
import { useFormat } from '@/i18n/format';
import { Badge, Button, EmptyState, ProblemView, Select, Spinner, toast, type BadgeTone } from '@/ui';
import { useRetryRun, useRuns, type RunFilter, type RunResponse } from './api';
import { StepInput } from './DryRunPanel';
import styles from './automation.module.css';

const STATUS_TONES: Record<string, BadgeTone> = {
  completed: 'success', failed: 'danger', running: 'accent', pending: 'accent', waiting: 'warning', stopped: 'neutral',
};
export const RUN_STATUSES = ['pending', 'running', 'waiting', 'completed', 'stopped', 'failed'];

/** Runs newest first (of a rule, or about a record), each with its steps, a failed one with its error and a retry. */
export function RunLog({ filter, onStatus, showRule = false }: { filter: RunFilter; onStatus(status: string | undefined): void; showRule?: boolean }) {
  const { t } = useTranslation('automation');
  const runs = useRuns(filter, { live: true });
  return (
    <section aria-labelledby="run-log-title" className={styles.card}>
      <div className={styles.actionHead}>
        <h2 id="run-log-title">{t('runs.title')}</h2>
        <label className={styles.row}>
          <span className="muted">{t('runs.status')}</span>
          <Select value={filter.status ?? ''} className={styles.narrow} onChange={(event) => onStatus(event.target.value || undefined)}>
            <option value="">{t('runs.anyStatus')}</option>
            {RUN_STATUSES.map((status) => <option key={status} value={status}>{t(`status.${status}`)}</option>)}
          </Select>
        </label>
      </div>
      {runs.isPending && <Spinner />}
      {runs.isError && <ProblemView error={runs.error} onRetry={() => runs.refetch()} />}
      {runs.isSuccess && (runs.data.items ?? []).length === 0 && <EmptyState title={t('runs.none')}>{t('runs.noneHint')}</EmptyState>}
      <ul className={styles.runs} data-testid="run-log">
        {(runs.data?.items ?? []).map((run) => <RunItem key={run.id} run={run} showRule={showRule} />)}
      </ul>
    </section>
  );
}

function RunItem({ run, showRule }: { run: RunResponse; showRule: boolean }) {
  const { t } = useTranslation('automation');
  const format = useFormat();
  const retry = useRetryRun();
  const failedStep = run.steps?.find((step) => step.status === 'failed');
  const error = failedStep?.error ?? (run.status === 'failed' ? run.reason : undefined);
  const record = run.record;
  return (
    <li className={styles.run} data-status={run.status} data-run-id={run.id}>
      <div className={styles.runHead}>
        <Badge tone={STATUS_TONES[run.status ?? ''] ?? 'neutral'}>{t(`status.${run.status}`, { defaultValue: run.status })}</Badge>
        {showRule && <Link to={`/automation/rules/${run.ruleId}`}>{run.ruleName}</Link>}
        {record?.id && (record.type === 'deal' || record.type === 'contact' || record.type === 'company')
          ? <RecordLink type={record.type} id={record.id} />
          : record?.id && <Link to={`/tasks/${record.id}`}>{t('record.task')}</Link>}
        <span className="muted">{run.trigger?.type}</span>
        <time className="muted" dateTime={run.createdAt}>{format.dateTime(run.createdAt)}</time>
      </div>
      {error && (
        <div className={styles.runError}>
          <span className={styles.errorText}>{failedStep ? t('runs.failedAt', { step: (failedStep.index ?? 0) + 1, action: t(`action.${failedStep.action}`, { defaultValue: failedStep.action }) }) : ''} {error}</span>
          {run.status === 'failed' && (
            <Button size="sm" busy={retry.isPending} onClick={() => retry.mutate(run.id as string, {
              onSuccess: () => toast({ title: t('runs.retried'), tone: 'success' }),
              onError: (problem) => toast({ title: t('runs.retryFailed'), description: isProblem(problem) ? problem.message : undefined, tone: 'error' }),
            })}>
              <RotateCcw size={14} aria-hidden /> {t('runs.retry')}
            </Button>
          )}
        </div>
      )}
      {run.reason && run.status !== 'failed' && <div className="muted">{run.reason}</div>}
      {(run.steps?.length ?? 0) > 0 && (
        <details className={styles.runSteps}>
          <summary>{t('runs.steps', { count: run.steps?.length ?? 0 })}</summary>
          <ol className={styles.steps}>
            {run.steps?.map((step) => (
              <li key={`${step.index}-${step.address}`}>
                <strong>{t(`action.${step.action}`, { defaultValue: step.action })}</strong>{' '}
                <Badge tone={STATUS_TONES[step.status === 'done' ? 'completed' : step.status ?? ''] ?? 'neutral'}>{t(`stepStatus.${step.status}`, { defaultValue: step.status })}</Badge>
                {step.attempts && step.attempts > 1 ? <span className="muted"> · {t('runs.attempts', { count: step.attempts })}</span> : null}
                {step.waitingUntil && <span className="muted"> · {t('runs.waitingUntil', { time: format.dateTime(step.waitingUntil) })}</span>}
                {step.error && <div className={styles.errorText}>{step.error}</div>}
                {step.input && <StepInput input={step.input as Record<string, unknown>} />}
                {step.output && <StepInput input={step.output as Record<string, unknown>} />}
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}
