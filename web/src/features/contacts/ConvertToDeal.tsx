import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, call, idempotencyKey, ifMatch } from '@/api/client';
import { formFieldErrors, isProblem, type ProblemError } from '@/api/problem';
import { useHasRole, useMe } from '@/auth/AuthContext';
import { useFormat } from '@/i18n/format';
import { Button, Dialog, Field, inputClass, ProblemView, Select, Spinner, toast, UserSelect } from '@/ui';
import { dealKeys, usePipelines } from '@/features/deals/api';
import { CurrencySelect, defaultCurrency, RecordPickerField, rememberCurrency, RoleSelect } from '@/features/deals/pickers';
import { openingStage, parseAmount } from '@/features/deals/requiredFields';
import { contactKeys, fullName, type Contact } from './api';

/** The lifecycle stages of a contact that is still a lead (contacts-service: Contact.CONVERTIBLE_STAGES). */
export const CONVERTIBLE_STAGES = ['lead', 'qualified'];

/**
 * "Convert to deal" on a contact's page: for a lead, a dialog that opens a deal; for a converted contact, a link to its
 * deal; for anyone else, the reason it does not apply.
 */
export function ConvertToDeal({ contact, companyName }: { contact: Contact; companyName: string | undefined }) {
  const { t } = useTranslation('contacts');
  const [open, setOpen] = useState(false);
  const hintId = useId();
  const dealId = contact.conversion?.dealId;
  if (dealId) {
    return <Link to={`/deals/${dealId}`}>{t('convert.openDeal')} →</Link>;
  }
  if (!CONVERTIBLE_STAGES.includes(contact.lifecycleStage ?? '')) {
    return (
      <span className="row">
        <Button disabled aria-describedby={hintId}>{t('convert.action')}</Button>
        <span id={hintId} className="muted">
          {t('convert.notALead', { stage: t(`lifecycle.${contact.lifecycleStage ?? 'lead'}`).toLowerCase() })}
        </span>
      </span>
    );
  }
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>{t('convert.action')}</Button>
      {open && <ConvertDialog contact={contact} companyName={companyName} onClose={() => setOpen(false)} />}
    </>
  );
}

interface Values {
  pipelineId: string;
  stageId: string;
  dealName: string;
  amount: string;
  currency: string;
  ownerId: string;
  contactRole: string;
  companyId: string;
  companyLabel: string;
  companyName: string;
}

const FIELDS = ['pipelineId', 'stageId', 'dealName', 'amount', 'currency', 'ownerId', 'contactRole', 'companyId',
  'companyName', 'expectedCloseDate'] as const;
/** How long the dialog waits for deals-service to open the deal before going there anyway. */
const WAIT_FOR_DEAL_MS = 15_000;

function ConvertDialog({ contact, companyName, onClose }: { contact: Contact; companyName: string | undefined; onClose(): void }) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const me = useMe();
  const isAdmin = useHasRole('admin');
  const choosesOwner = useHasRole('manager', 'admin');
  const pipelines = usePipelines();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<ProblemError | undefined>();
  const [opening, setOpening] = useState(false);
  const first = pipelines.data?.[0];
  const form = useForm<Values>({
    values: {
      pipelineId: first?.id ?? '', stageId: first?.stages?.find((s) => s.kind === 'open')?.id ?? '',
      dealName: companyName ?? fullName(contact), amount: '', currency: defaultCurrency(format.locale),
      ownerId: contact.ownerId ?? me.id, contactRole: 'decision_maker', companyId: contact.companyId ?? '',
      companyLabel: companyName ?? '', companyName: '',
    },
    resetOptions: { keepDirtyValues: true },
  });
  const chosen = pipelines.data?.find((p) => p.id === form.watch('pipelineId'));
  const { stages: openStages, stage, required } = openingStage(chosen, form.watch('stageId'));
  const errors = formFieldErrors(form.formState.errors, problem, FIELDS);
  const { fieldError } = errors;

  const submit = async (values: Values) => {
    setProblem(undefined);
    const amount = parseAmount(values.amount, format.locale);
    try {
      const conversion = await call(api().contacts.POST('/api/contacts/{id}/convert', {
        params: { path: { id: contact.id as string } },
        headers: { ...ifMatch(contact.version), ...idempotencyKey() },
        body: {
          pipelineId: values.pipelineId,
          stageId: stage?.id,
          dealName: values.dealName.trim() || undefined,
          amount,
          currency: amount === undefined ? undefined : values.currency,
          ownerId: choosesOwner ? values.ownerId || undefined : undefined,
          contactRole: values.contactRole,
          companyId: values.companyName.trim() ? undefined : values.companyId || undefined,
          companyName: values.companyName.trim() || undefined,
        },
      }));
      if (amount !== undefined) rememberCurrency(values.currency);
      void queryClient.invalidateQueries({ queryKey: contactKeys.detail(contact.id as string) });
      const dealId = conversion.dealId as string;
      setOpening(true);
      const opened = await waitForDeal(dealId);
      toast(opened ? { tone: 'success', title: t('convert.done', { name: values.dealName.trim() || fullName(contact) }) }
        : { tone: 'info', title: t('convert.slow') });
      void queryClient.invalidateQueries({ queryKey: dealKeys.all });
      onClose();
      void navigate(`/deals/${dealId}`);
    } catch (error) {
      setOpening(false);
      setProblem(isProblem(error) ? error : undefined);
      if (!isProblem(error)) throw error;
    }
  };

  const formId = 'convert-to-deal';
  return (
    <Dialog
      open
      onOpenChange={(isOpen) => !isOpen && !opening && onClose()}
      title={t('convert.title', { name: fullName(contact) })}
      width={560}
      footer={
        <>
          <Button onClick={onClose} disabled={opening}>{t('common:action.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" busy={form.formState.isSubmitting}
            disabled={!chosen || openStages.length === 0}>
            {t('convert.submit')}
          </Button>
        </>
      }
    >
      {pipelines.isPending && <Spinner label={t('common:app.loading')} />}
      {pipelines.isError && <ProblemView compact error={pipelines.error} onRetry={() => void pipelines.refetch()} />}
      {pipelines.isSuccess && pipelines.data.length === 0 && <p className="muted">{t('convert.noPipelines')}</p>}
      {pipelines.isSuccess && pipelines.data.length > 0 && (
        <form id={formId} className="stack" noValidate onSubmit={form.handleSubmit(submit)}>
          <div className="row" style={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
            <Field label={t('convert.pipeline')} error={fieldError('pipelineId')}>
              <Select {...form.register('pipelineId', {
                onChange: (event: { target: { value: string } }) => {
                  const next = pipelines.data.find((p) => p.id === event.target.value);
                  form.setValue('stageId', next?.stages?.find((s) => s.kind === 'open')?.id ?? '');
                },
              })}>
                {pipelines.data.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
              </Select>
            </Field>
            <Field label={t('convert.stage')} error={fieldError('stageId')}>
              <Select {...form.register('stageId')}>
                {openStages.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
              </Select>
            </Field>
          </div>
          <Field label={t('convert.name')} error={fieldError('dealName')}>
            <input className={inputClass} autoFocus maxLength={200} {...form.register('dealName')} />
          </Field>
          <div className="row" style={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
            <Field label={t('convert.amount')} required={required.has('amount')} error={fieldError('amount')}>
              <input className={inputClass} inputMode="decimal" {...form.register('amount', {
                validate: (value) => {
                  const amount = parseAmount(value, format.locale);
                  if (amount === undefined) return required.has('amount') ? t('convert.required') : true;
                  return Number.isNaN(amount) ? t('convert.notANumber') : true;
                },
              })} />
            </Field>
            <Field label={t('convert.currency')} error={fieldError('currency')}>
              <CurrencySelect {...form.register('currency')} />
            </Field>
          </div>
          <div className="row" style={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
            {choosesOwner && (
              <Field label={t('convert.owner')} error={fieldError('ownerId')}>
                <UserSelect {...form.register('ownerId')} filter={isAdmin ? undefined : (user) => user.team === me.team} />
              </Field>
            )}
            <Field label={t('convert.role')} error={fieldError('contactRole')}>
              <RoleSelect {...form.register('contactRole')} />
            </Field>
          </div>
          <RecordPickerField kind="company" control={form.control} idField="companyId" nameField="companyLabel"
            label={t('convert.company')} required={required.has('companyId')} error={fieldError('companyId')} />
          <Field label={t('convert.newCompany')} hint={t('convert.newCompanyHint')} error={fieldError('companyName')}>
            <input className={inputClass} maxLength={200} {...form.register('companyName')} />
          </Field>
          {problem && (errors.other.length > 0 || problem.errors.length === 0) && (
            problem.errors.length === 0 ? <ProblemView compact error={problem} />
              : <div role="alert">{errors.other.join(' ')}</div>
          )}
          {opening && <Spinner label={t('convert.opening')} />}
        </form>
      )}
    </Dialog>
  );
}

/** Waits until deals-service has opened the deal (it does so from the conversion's event, moments later). */
async function waitForDeal(dealId: string): Promise<boolean> {
  const deadline = Date.now() + WAIT_FOR_DEAL_MS;
  for (let delay = 200; Date.now() < deadline; delay = Math.min(delay * 2, 1000)) {
    const answer = await api().deals.GET('/api/deals/{id}', { params: { path: { id: dealId } } }).catch(() => undefined);
    if (answer?.response.ok) return true;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  return false;
}
