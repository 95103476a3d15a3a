import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, Save } from 'lucide-react';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, call, ifMatch } from '@/api/client';
import { isProblem } from '@/api/problem';
import { useTeams } from '@/api/users';
import { useHasRole, useMe } from '@/auth/AuthContext';
import { Button, Field, inputClass, PageHeader, ProblemView, Select, Spinner, Tabs, toast } from '@/ui';
import { ActionList } from './ActionEditor';
import { ruleKeys, useCatalog, useRule, type RuleResponse } from './api';
import { GroupEditor } from './ConditionEditor';
import { DryRunPanel } from './DryRunPanel';
import { ErrorsContext, type RuleErrors, ruleErrors } from './errors';
import { NotAllowed } from './NotAllowed';
import { RunLog } from './RunLog';
import { TriggerEditor } from './TriggerEditor';
import { draftFromRule, draftToJson, fieldChoices, newDraft, triggerRecordTypes, type Draft } from './model';
import styles from './automation.module.css';

/** `/automation/new` and `/automation/rules/:id`: the rule built from forms, tried on a record, saved; its runs. */
export function RuleEditorPage() {
  const allowed = useHasRole('manager', 'admin');
  const { id } = useParams();
  const rule = useRule(id);
  if (!allowed) return <NotAllowed />;
  if (id && rule.isPending) return <Spinner />;
  if (id && rule.isError) return <ProblemView error={rule.error} onRetry={() => rule.refetch()} />;
  return <RuleWorkspace key={id ?? 'new'} rule={rule.data} />;
}

/** What is typed stays while the person looks at the run log and comes back. */
function useRuleState(rule: RuleResponse | undefined) {
  const me = useMe();
  const isAdmin = useHasRole('admin');
  const [draft, setDraft] = useState<Draft>(() => (rule ? draftFromRule(rule) : newDraft(isAdmin ? '' : me.team ?? '')));
  const [version, setVersion] = useState(rule?.version);
  const [errors, setErrors] = useState<RuleErrors>({});
  return { draft, setDraft, version, setVersion, errors, setErrors };
}

type RuleState = ReturnType<typeof useRuleState>;

function RuleWorkspace({ rule }: { rule: RuleResponse | undefined }) {
  const { t } = useTranslation('automation');
  const [search, setSearch] = useSearchParams();
  const state = useRuleState(rule);
  const id = rule?.id;
  const tab = search.get('tab') === 'runs' && id ? 'runs' : 'rule';
  const status = search.get('status') ?? undefined;
  const editor = <RuleForm rule={rule} state={state} />;
  return (
    <div className={styles.page}>
      <PageHeader
        title={id ? rule?.name : t('editor.newTitle')}
        subtitle={<Link to="/automation" className={styles.back}><ArrowLeft size={14} aria-hidden /> {t('rules.title')}</Link>}
      />
      {id ? (
        <Tabs label={t('editor.tabs')} value={tab}
          onChange={(next) => setSearch(next === 'runs' ? { tab: 'runs' } : {}, { replace: true })}
          tabs={[
            { id: 'rule', label: t('editor.ruleTab'), content: editor },
            { id: 'runs', label: t('editor.runsTab'), content: (
              <RunLog filter={{ ruleId: id, status }}
                onStatus={(next) => setSearch(next ? { tab: 'runs', status: next } : { tab: 'runs' }, { replace: true })} />
            ) },
          ]} />
      ) : editor}
    </div>
  );
}

function RuleForm({ rule, state }: { rule: RuleResponse | undefined; state: RuleState }) {
  const { t } = useTranslation('automation');
  const isAdmin = useHasRole('admin');
  const teams = useTeams();
  const catalog = useCatalog();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { draft, setDraft, version, setVersion, errors, setErrors } = state;
  const [conflict, setConflict] = useState<RuleResponse>();
  const recordTypes = useMemo(() => triggerRecordTypes(draft.trigger), [draft.trigger]);
  const choices = useMemo(() => fieldChoices(recordTypes), [recordTypes]);
  const update = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));

  const save = useMutation({
    mutationFn: async (expected: number | undefined) => {
      const body = draftToJson(draft) as never;
      if (!rule?.id) return call(api().automation.POST('/api/automation/rules', { body }));
      return call(api().automation.PUT('/api/automation/rules/{id}', {
        params: { path: { id: rule.id }, header: ifMatch(expected) as { 'If-Match': string } }, body,
      }));
    },
    onSuccess: (saved) => {
      setErrors({});
      setConflict(undefined);
      setVersion(saved.version);
      client.setQueryData(ruleKeys.one(saved.id as string), saved);
      void client.invalidateQueries({ queryKey: ruleKeys.list() });
      toast({ title: t('editor.saved', { name: saved.name }), tone: 'success' });
      if (!rule?.id) navigate(`/automation/rules/${saved.id}`, { replace: true });
    },
    onError: async (error) => {
      if (isProblem(error) && error.status === 400) setErrors(ruleErrors(error));
      if (isProblem(error) && error.conflict && rule?.id) {
        const current = await call(api().automation.GET('/api/automation/rules/{id}', { params: { path: { id: rule.id } } })).catch(() => undefined);
        setConflict(current);
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(version);
  };
  const problems = Object.entries(errors);
  const saveError = save.error && !(isProblem(save.error) && (save.error.status === 400 || save.error.conflict)) ? save.error : undefined;

  return (
    <ErrorsContext.Provider value={errors}>
      <form className={styles.editor} onSubmit={submit} noValidate aria-label={t('editor.form')}>
        <section className={styles.card} aria-labelledby="basics-title">
          <h2 id="basics-title">{t('editor.basics')}</h2>
          <div className={styles.grid}>
            <Field label={t('field.name')} error={errors.name} required>
              <input className={inputClass} value={draft.name} maxLength={200} onChange={(event) => update({ name: event.target.value })} />
            </Field>
            <Field label={t('field.team')} error={errors.team} hint={isAdmin ? t('editor.teamHint') : t('editor.teamManagerHint')}>
              <Select value={draft.team} disabled={!isAdmin} onChange={(event) => update({ team: event.target.value })}>
                <option value="">{t('editor.organisationWide')}</option>
                {(teams.data ?? []).map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
              </Select>
            </Field>
            <Field label={t('field.description')} error={errors.description} className={styles.wide}>
              <textarea className={inputClass} rows={2} value={draft.description} onChange={(event) => update({ description: event.target.value })} />
            </Field>
            <label className={styles.check}>
              <input type="checkbox" checked={draft.enabled} onChange={(event) => update({ enabled: event.target.checked })} />
              {t('field.enabled')}
            </label>
          </div>
        </section>

        <section className={styles.card} aria-labelledby="trigger-title">
          <h2 id="trigger-title">{t('editor.when')}</h2>
          {catalog.isError && <ProblemView error={catalog.error} compact onRetry={() => catalog.refetch()} />}
          <TriggerEditor trigger={draft.trigger} catalog={catalog.data} onChange={(trigger) => update({ trigger })} />
        </section>

        <section className={styles.card} aria-labelledby="conditions-title">
          <h2 id="conditions-title">{t('editor.if')}</h2>
          <GroupEditor group={draft.conditions} path="conditions" choices={choices} label={t('editor.conditions')}
            onChange={(conditions) => update({ conditions })} />
        </section>

        <section className={styles.card} aria-labelledby="actions-title">
          <h2 id="actions-title">{t('editor.then')}</h2>
          <ActionList actions={draft.actions} path="actions" recordTypes={recordTypes} choices={choices} webhooks={isAdmin}
            onChange={(actions) => update({ actions })} />
        </section>

        <DryRunPanel draft={draft} recordTypes={recordTypes} onProblems={setErrors} />

        <div className={styles.saveBar}>
          {problems.length > 0 && (
            <div className={styles.summary} role="alert" data-testid="rule-problems">
              <strong>{t('editor.problems', { count: problems.length })}</strong>
              <ul>{problems.map(([path, message]) => <li key={path}><code>{path}</code> {message}</li>)}</ul>
            </div>
          )}
          {conflict && (
            <div className={styles.summary} role="alert">
              <strong>{t('editor.conflict', { name: conflict.updatedBy })}</strong>
              <div className={styles.row}>
                <Button size="sm" onClick={() => save.mutate(conflict.version)}>{t('editor.keepMine')}</Button>
                <Button size="sm" variant="ghost" onClick={() => {
                  setDraft(draftFromRule(conflict));
                  setVersion(conflict.version);
                  setConflict(undefined);
                  setErrors({});
                }}>{t('editor.takeTheirs')}</Button>
              </div>
            </div>
          )}
          {saveError && <ProblemView error={saveError} compact onRetry={() => save.mutate(version)} />}
          <Button type="submit" variant="primary" busy={save.isPending}>
            <Save size={15} aria-hidden /> {rule?.id ? t('editor.save') : t('editor.create')}
          </Button>
        </div>
      </form>
    </ErrorsContext.Provider>
  );
}
