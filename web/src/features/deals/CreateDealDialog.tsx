import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { formFieldErrors, isProblem, type ProblemError } from '@/api/problem';
import { useHasRole, useMe } from '@/auth/AuthContext';
import { useFormat } from '@/i18n/format';
import { Button, Dialog, Field, inputClass, ProblemView, Select, toast, UserSelect } from '@/ui';
import { createDeal, dealKeys, type Deal, type Pipeline, type Stage } from './api';
import styles from './deals.module.css';
import { CurrencySelect, defaultCurrency, RecordPickerField, rememberCurrency, RoleSelect } from './pickers';
import { openingStage, parseAmount } from './requiredFields';

interface Values {
  title: string;
  amount: string;
  currency: string;
  pipelineId: string;
  stageId: string;
  contactId: string;
  contactName: string;
  contactRole: string;
  companyId: string;
  companyName: string;
  ownerId: string;
  expectedCloseDate: string;
  source: string;
}

const FIELDS = ['title', 'amount', 'currency', 'pipelineId', 'stageId', 'contacts', 'companyId', 'ownerId',
  'expectedCloseDate', 'source'] as const;

/**
 * A new deal: title, value, where it starts, who it is with, who owns it and when it should close. The stage's
 * required fields are marked as such; the service's answer is shown beside the fields it concerns, and nothing typed is
 * lost when it says no.
 */
export function CreateDealDialog({ pipelines, pipelineId, onClose, onCreated }: {
  pipelines: readonly Pipeline[];
  pipelineId: string | undefined;
  onClose(): void;
  onCreated?(deal: Deal, stage: Stage): void;
}) {
  const { t } = useTranslation('deals');
  const format = useFormat();
  const me = useMe();
  const isAdmin = useHasRole('admin');
  const choosesOwner = useHasRole('manager', 'admin');
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<ProblemError | undefined>();
  const first = pipelines.find((p) => p.id === pipelineId) ?? pipelines[0];
  const form = useForm<Values>({
    defaultValues: {
      title: '', amount: '', currency: defaultCurrency(format.locale), pipelineId: first?.id ?? '',
      stageId: first?.stages?.find((s) => s.kind === 'open')?.id ?? '', contactId: '', contactName: '',
      contactRole: 'decision_maker', companyId: '', companyName: '', ownerId: me.id, expectedCloseDate: '', source: '',
    },
  });
  const chosenPipeline = pipelines.find((p) => p.id === form.watch('pipelineId'));
  const { stages: openStages, stage, required } = openingStage(chosenPipeline, form.watch('stageId'));
  const errors = formFieldErrors(form.formState.errors, problem, FIELDS);
  const { fieldError } = errors;

  const submit = async (values: Values) => {
    setProblem(undefined);
    const amount = parseAmount(values.amount, format.locale);
    try {
      const deal = await createDeal({
        title: values.title.trim(),
        pipelineId: values.pipelineId,
        stageId: stage?.id,
        amount,
        currency: amount === undefined ? undefined : values.currency,
        companyId: values.companyId || undefined,
        contacts: values.contactId ? [{ contactId: values.contactId, role: values.contactRole }] : undefined,
        ownerId: values.ownerId || undefined,
        expectedCloseDate: values.expectedCloseDate || undefined,
        source: values.source.trim() || undefined,
      });
      if (amount !== undefined) rememberCurrency(values.currency);
      if (stage) onCreated?.(deal, stage);
      queryClient.setQueryData(dealKeys.detail(deal.id ?? ''), deal);
      void queryClient.invalidateQueries({ queryKey: ['deal', 'list'] });
      toast({ tone: 'success', title: t('create.done', { title: deal.title }) });
      onClose();
    } catch (error) {
      setProblem(isProblem(error) ? error : undefined);
      if (!isProblem(error)) throw error;
    }
  };

  const formId = 'create-deal';
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t('create.title')}
      width={560}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" busy={form.formState.isSubmitting}>{t('create.action')}</Button>
        </>
      }
    >
      <form id={formId} className="stack" noValidate onSubmit={form.handleSubmit(submit)}>
        <Field label={t('field.title')} required error={fieldError('title')}>
          <input className={inputClass} autoFocus {...form.register('title', { required: t('form.required') })} />
        </Field>
        <div className={styles.fieldRow}>
          <Field label={t('field.amount')} required={required.has('amount')} error={fieldError('amount')}>
            <input className={inputClass} inputMode="decimal" {...form.register('amount', {
              validate: (value) => {
                const amount = parseAmount(value, format.locale);
                if (amount === undefined) return required.has('amount') ? t('form.requiredInStage', { stage: stage?.name }) : true;
                return Number.isNaN(amount) ? t('form.notANumber') : true;
              },
            })} />
          </Field>
          <Field label={t('field.currency')} error={fieldError('currency')}>
            <Controller control={form.control} name="currency" render={({ field }) => <CurrencySelect {...field} />} />
          </Field>
        </div>
        <div className={styles.fieldRow}>
          <Field label={t('field.pipeline')} error={fieldError('pipelineId')}>
            <Select {...form.register('pipelineId', {
              onChange: (event: { target: { value: string } }) => {
                const next = pipelines.find((p) => p.id === event.target.value);
                form.setValue('stageId', next?.stages?.find((s) => s.kind === 'open')?.id ?? '');
              },
            })}>
              {pipelines.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </Select>
          </Field>
          <Field label={t('field.stage')} error={fieldError('stageId')}>
            <Select {...form.register('stageId')}>
              {openStages.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </Select>
          </Field>
        </div>
        <div className={styles.fieldRow}>
          <RecordPickerField kind="contact" control={form.control} idField="contactId" nameField="contactName"
            label={t('field.contact')} required={required.has('contacts')} error={fieldError('contacts')} rules={{
              validate: (value) => !required.has('contacts') || !!value || t('form.requiredInStage', { stage: stage?.name }),
            }} />
          <Field label={t('field.role')}>
            <RoleSelect {...form.register('contactRole')} />
          </Field>
        </div>
        <RecordPickerField kind="company" control={form.control} idField="companyId" nameField="companyName"
          label={t('field.company')} required={required.has('companyId')} error={fieldError('companyId')} rules={{
            validate: (value) => !required.has('companyId') || !!value || t('form.requiredInStage', { stage: stage?.name }),
          }} />
        <div className={styles.fieldRow}>
          {choosesOwner && (
            <Field label={t('field.owner')} error={fieldError('ownerId')}>
              <UserSelect {...form.register('ownerId')} filter={isAdmin ? undefined : (user) => user.team === me.team} />
            </Field>
          )}
          <Field label={t('field.expectedCloseDate')} required={required.has('expectedCloseDate')}
            error={fieldError('expectedCloseDate')}>
            <input type="date" className={inputClass} {...form.register('expectedCloseDate', {
              validate: (value) => !required.has('expectedCloseDate') || !!value || t('form.requiredInStage', { stage: stage?.name }),
            })} />
          </Field>
        </div>
        {(required.has('source') || fieldError('source')) && (
          <Field label={t('field.source')} required={required.has('source')} error={fieldError('source')}>
            <input className={inputClass} {...form.register('source')} />
          </Field>
        )}
        {problem && (errors.other.length > 0 || problem.errors.length === 0) && (
          problem.errors.length === 0 ? <ProblemView compact error={problem} />
            : <div role="alert" className={styles.formError}>{errors.other.join(' ')}</div>
        )}
        {chosenPipeline && openStages.length === 0 && (
          <p className="muted">{t('create.noOpenStage')}</p>
        )}
      </form>
    </Dialog>
  );
}
