import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '@/api/users';
import { Field, ProblemView, Select, Spinner, UserSelect } from '@/ui';
import { usePipelines } from '@/features/deals/api';
import { openStages } from '@/features/deals/requiredFields';
import styles from './settings.module.css';

/** A lead form's deal settings as the dialog edits them; `enabled` false: the form creates contacts only. */
export interface DealDraft {
  enabled: boolean;
  pipelineId: string;
  stageId: string;
  ownerMode: 'user' | 'roundRobin';
  userId: string;
  roundRobin: string[];
}

export const NO_DEAL: DealDraft = { enabled: false, pipelineId: '', stageId: '', ownerMode: 'user', userId: '', roundRobin: [] };

/** The request's `deal` member for a draft (undefined: no deal). */
export function dealSettings(draft: DealDraft) {
  if (!draft.enabled) return undefined;
  return {
    pipelineId: draft.pipelineId,
    ...(draft.stageId ? { stageId: draft.stageId } : {}),
    owner: draft.ownerMode === 'roundRobin' ? { roundRobin: draft.roundRobin } : { userId: draft.userId },
  };
}

/**
 * "Open a deal for each new lead": pipeline, stage and who owns the deal (one person, or people taking turns). The
 * service's problems are shown beside these fields (`deal.pipelineId`, `deal.owner.roundRobin`, ...).
 */
export function LeadFormDealFields({ draft, onChange, errors }: {
  draft: DealDraft;
  onChange(draft: DealDraft): void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation('settings');
  const pipelines = usePipelines();
  const users = useUsers();
  const turnsId = useId();
  const set = (patch: Partial<DealDraft>) => onChange({ ...draft, ...patch });
  const pipeline = pipelines.data?.find((p) => p.id === draft.pipelineId);
  const stages = openStages(pipeline);
  const stageError = errors['deal.stageId'] ?? errors['deal.amount'] ?? errors['deal.companyId'] ?? errors['deal.expectedCloseDate'];

  return (
    <fieldset className={styles.fieldset}>
      <legend>
        <label>
          <input type="checkbox" checked={draft.enabled} onChange={(event) => {
            const first = pipelines.data?.[0];
            set({ enabled: event.target.checked, pipelineId: draft.pipelineId || first?.id || '' });
          }} /> {t('leadForms.deal.enable')}
        </label>
      </legend>
      {draft.enabled && pipelines.isPending && <Spinner label={t('common:app.loading')} />}
      {draft.enabled && pipelines.isError && <ProblemView compact error={pipelines.error} onRetry={() => void pipelines.refetch()} />}
      {draft.enabled && pipelines.isSuccess && (
        <>
          <Field label={t('leadForms.deal.pipeline')} error={errors['deal.pipelineId']}>
            <Select value={draft.pipelineId} onChange={(event) => set({ pipelineId: event.target.value, stageId: '' })}>
              {pipelines.data.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </Select>
          </Field>
          <Field label={t('leadForms.deal.stage')} error={stageError}>
            <Select value={draft.stageId} onChange={(event) => set({ stageId: event.target.value })}>
              <option value="">{t('leadForms.deal.firstStage')}</option>
              {stages.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </Select>
          </Field>
          <Field label={t('leadForms.deal.ownerMode')} error={errors['deal.owner']}>
            <Select value={draft.ownerMode} onChange={(event) => set({ ownerMode: event.target.value as DealDraft['ownerMode'] })}>
              <option value="user">{t('leadForms.deal.onePerson')}</option>
              <option value="roundRobin">{t('leadForms.deal.takeTurns')}</option>
            </Select>
          </Field>
          {draft.ownerMode === 'user' ? (
            <Field label={t('leadForms.deal.owner')} required error={errors['deal.owner.userId']}>
              <UserSelect value={draft.userId} emptyLabel={t('leadForms.deal.choose')} onChange={(event) => set({ userId: event.target.value })} />
            </Field>
          ) : (
            <fieldset className={styles.fieldset} aria-describedby={`${turnsId}-hint`}>
              <legend>{t('leadForms.deal.turns')}</legend>
              <p id={`${turnsId}-hint`} className="muted">{t('leadForms.deal.turnsHint')}</p>
              {(users.data ?? []).map((user) => (
                <label key={user.id} className="row">
                  <input type="checkbox" checked={draft.roundRobin.includes(user.id)} onChange={(event) => set({
                    roundRobin: event.target.checked ? [...draft.roundRobin, user.id] : draft.roundRobin.filter((id) => id !== user.id),
                  })} /> {user.name}
                </label>
              ))}
              {errors['deal.owner.roundRobin'] && <p role="alert" className={styles.fieldError}>{errors['deal.owner.roundRobin']}</p>}
            </fieldset>
          )}
        </>
      )}
    </fieldset>
  );
}
