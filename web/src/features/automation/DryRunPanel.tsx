import { useMutation } from '@tanstack/react-query';
import { FlaskConical } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '@/api/client';
import { isProblem } from '@/api/problem';
import { useUserName } from '@/api/users';
import { RecordPicker } from '@/features/tasks/RecordPicker';
import { useFormat } from '@/i18n/format';
import { Badge, Button, Field, ProblemView, Select } from '@/ui';
import type { DryRunAnswer } from './api';
import { ruleErrors, type RuleErrors } from './errors';
import { draftToJson, type Draft, type RecordType } from './model';
import styles from './automation.module.css';

type Pickable = 'deal' | 'contact' | 'company';

/**
 * Tries the rule as it stands in the form against a record chosen by search (`POST /api/automation/rules/dry-run`):
 * whether the trigger and conditions hold and what each action would do. Nothing is saved or changed.
 */
export function DryRunPanel({ draft, recordTypes, onProblems }: { draft: Draft; recordTypes: RecordType[]; onProblems(errors: RuleErrors): void }) {
  const { t } = useTranslation('automation');
  const offered = (['deal', 'contact', 'company'] as Pickable[]).filter((type) => recordTypes.length === 0 || recordTypes.includes(type));
  const [type, setType] = useState<Pickable>(offered[0] ?? 'deal');
  const [recordId, setRecordId] = useState<string>();
  const recordType = offered.includes(type) ? type : offered[0];
  const run = useMutation({
    mutationFn: () => call(api().automation.POST('/api/automation/rules/dry-run', {
      body: { rule: draftToJson(draft), recordType, recordId } as never,
    })) as Promise<unknown> as Promise<DryRunAnswer>,
    onSuccess: () => onProblems({}),
    onError: (error) => {
      if (isProblem(error) && error.status === 400) onProblems(ruleErrors(error));
    },
  });
  const problem = run.error;
  return (
    <section className={styles.card} aria-labelledby="dry-run-title">
      <h2 id="dry-run-title">{t('dryRun.title')}</h2>
      <p className="muted">{t('dryRun.intro')}</p>
      {offered.length === 0 ? <p className="muted">{t('dryRun.noRecords')}</p> : (
        <div className={styles.grid}>
          <Field label={t('dryRun.recordType')}>
            <Select value={recordType} onChange={(event) => { setType(event.target.value as Pickable); setRecordId(undefined); }}>
              {offered.map((option) => <option key={option} value={option}>{t(`record.${option}`)}</option>)}
            </Select>
          </Field>
          <Field label={t('dryRun.record')}>
            <RecordPicker type={recordType ?? 'deal'} value={recordId} onChange={setRecordId} />
          </Field>
        </div>
      )}
      <div className={styles.row}>
        <Button onClick={() => run.mutate()} busy={run.isPending} disabled={!recordId}>
          <FlaskConical size={15} aria-hidden /> {t('dryRun.run')}
        </Button>
      </div>
      {problem && (isProblem(problem) && problem.status === 400
        ? <div className={styles.error} role="alert">{t('dryRun.invalid')}</div>
        : <ProblemView error={problem} compact onRetry={() => run.mutate()} />)}
      {run.data && !run.isPending && <DryRunResult answer={run.data} />}
    </section>
  );
}

function DryRunResult({ answer }: { answer: DryRunAnswer }) {
  const { t } = useTranslation('automation');
  return (
    <div className={styles.dryResult} data-testid="dry-run-result" aria-live="polite">
      <p>
        {answer.wouldRun ? <Badge tone="success">{t('dryRun.wouldRun')}</Badge> : <Badge tone="warning">{t('dryRun.wouldNotRun')}</Badge>}
        {answer.enabled === false && <> <Badge>{t('rules.disabled')}</Badge></>}
      </p>
      <dl className={styles.facts}>
        <dt>{t('dryRun.trigger')}</dt>
        <dd>{answer.trigger?.explanation}</dd>
        {answer.team && <><dt>{t('dryRun.team')}</dt><dd>{answer.team.applies ? t('dryRun.inTeam', { team: answer.team.team }) : t('dryRun.notInTeam', { team: answer.team.team })}</dd></>}
        <dt>{t('dryRun.conditions')}</dt>
        <dd>
          {answer.conditions?.met ? t('dryRun.met') : t('dryRun.notMet')}
          {(answer.conditions?.trace?.length ?? 0) > 0 && <ul className={styles.trace}>{answer.conditions?.trace?.map((line, i) => <li key={i}><code>{line}</code></li>)}</ul>}
        </dd>
        {answer.loopGuard && <><dt>{t('dryRun.loopGuard')}</dt><dd>{answer.loopGuard}</dd></>}
        {answer.error && <><dt>{t('dryRun.error')}</dt><dd className={styles.errorText}>{answer.error}</dd></>}
      </dl>
      {answer.actions && answer.actions.length > 0 && (
        <>
          <h3>{t('dryRun.steps')}</h3>
          <ol className={styles.steps}>
            {answer.actions.map((step) => (
              <li key={step.address}>
                <strong>{t(`action.${step.type}`, { defaultValue: step.type })}</strong>
                {step.taken && <> · {t('dryRun.taken', { branch: t(`field.${step.taken}`) })}</>}
                {step.note && <div className="muted">{step.note}</div>}
                {step.error && <div className={styles.errorText}>{step.error}</div>}
                {step.input && <StepInput input={step.input} />}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

const PEOPLE = new Set(['assigneeId', 'ownerId', 'userId', 'recipients', 'owner', 'assignee']);

/** A step's prepared input, one line per value (the request a call would send flattened in), people by name. */
export function StepInput({ input }: { input: Record<string, unknown> }) {
  const name = useUserName();
  const format = useFormat();
  const lines = flatten(input);
  if (lines.length === 0) return null;
  const show = (key: string, value: unknown): string => {
    if (Array.isArray(value)) return value.map((part) => show(key, part)).join(', ');
    if (typeof value === 'string' && PEOPLE.has(key)) return name(value);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return format.dateTime(value);
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  };
  return (
    <dl className={styles.input}>
      {lines.map(([key, value]) => (
        <div key={key}><dt>{key}</dt><dd>{show(key.split('.').pop() ?? key, value)}</dd></div>
      ))}
    </dl>
  );
}

export function flatten(input: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(input).flatMap(([key, value]): [string, unknown][] => {
    // `request` is the body the step would send: its members are what matters
    const name = key === 'request' ? prefix : `${prefix}${key}`;
    if (value && typeof value === 'object' && !Array.isArray(value)) return flatten(value as Record<string, unknown>, name ? `${name}.` : '');
    if (value === null || value === undefined || value === '') return [];
    return [[name, value]];
  });
}
