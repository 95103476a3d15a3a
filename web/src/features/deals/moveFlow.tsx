import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ReactNode } from 'react';
import { Controller, useForm, type Control, type UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { isProblem, type ProblemError } from '@/api/problem';
import { useFormat } from '@/i18n/format';
import { Button, Dialog, Field, inputClass, Select, describeProblem, toast } from '@/ui';
import {
  dealKeys, loseDeal, moveDeal, patchDeal, winDeal, type Deal, type Pipeline, type RequirableField, type Stage,
} from './api';
import styles from './deals.module.css';
import { CurrencySelect, defaultCurrency, RecordPickerField, RoleSelect } from './pickers';
import {
  fieldsNamedBy, formErrors, initialValues, missingFields, parseAmount, patchFor, type RequiredFieldValues,
} from './requiredFields';

/** What the board (or the deal page) does while a deal moves: show it at once, keep it, or take it back. */
export interface MoveCallbacks {
  begin?(deal: Deal, stage: Stage): void;
  succeeded?(deal: Deal, answer: Deal): void;
  failed?(deal: Deal): void;
}

interface Asking {
  deal: Deal;
  stage: Stage;
  fields: RequirableField[];
  problem?: ProblemError;
}

interface LostValues {
  reason: string;
  note: string;
}

type FormValues = RequiredFieldValues & LostValues;

/**
 * Moving a deal to another stage, winning or losing it, wherever that starts (a drop on the board, a menu, the deal
 * page). The target stage's required fields that the deal lacks are asked for first (and saved with the deal's
 * version), losing asks for one of the pipeline's lost reasons; when the service still refuses, the fields it names
 * are asked for with its messages beside them. Nothing typed is lost: the dialog stays open until the move is done.
 */
export function useMoveFlow(pipeline: Pipeline | undefined, callbacks: MoveCallbacks = {}): {
  request(deal: Deal, stage: Stage): void;
  dialog: ReactNode;
} {
  const { t } = useTranslation('deals');
  const { t: common } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<Asking | null>(null);
  const [busy, setBusy] = useState(false);
  const handlers = useRef(callbacks);
  handlers.current = callbacks;

  const perform = async (deal: Deal, stage: Stage, fields: RequirableField[], values?: FormValues) => {
    const id = deal.id ?? '';
    handlers.current.begin?.(deal, stage);
    setBusy(true);
    let current = deal;
    try {
      if (fields.length > 0 && values) {
        current = await patchDeal(id, deal.version, patchFor(deal, fields, values, format.locale));
      }
      const answer = stage.kind === 'won' ? await winDeal(id, current.version, stage.id)
        : stage.kind === 'lost' ? await loseDeal(id, current.version, values?.reason ?? '', values?.note, stage.id)
          : await moveDeal(id, current.version, stage.id ?? '');
      handlers.current.succeeded?.(deal, answer);
      queryClient.setQueryData(dealKeys.detail(id), answer);
      void queryClient.invalidateQueries({ queryKey: dealKeys.history(id) });
      void queryClient.invalidateQueries({ queryKey: ['deal', 'list'] });
      setAsking(null);
      if (stage.kind === 'won') toast({ tone: 'success', title: t('won.done', { title: deal.title }) });
      if (stage.kind === 'lost') toast({ tone: 'info', title: t('lost.done', { title: deal.title }) });
    } catch (error) {
      handlers.current.failed?.(deal);
      if (current !== deal) {
        // the fields were saved: the deal has a new version, which the next try needs
        queryClient.setQueryData(dealKeys.detail(id), current);
      }
      refused(current, stage, fields, error);
    } finally {
      setBusy(false);
    }
  };

  const refused = (deal: Deal, stage: Stage, fields: RequirableField[], error: unknown) => {
    const problem = isProblem(error) ? error : undefined;
    if (problem && problem.status === 400 && problem.errors.length > 0) {
      const named = fieldsNamedBy(problem);
      setAsking({ deal, stage, fields: [...new Set([...fields, ...named])], problem });
      return;
    }
    if (problem && (problem.conflict || problem.status === 404)) {
      setAsking(null);
      void queryClient.invalidateQueries({ queryKey: dealKeys.all });
      toast({
        tone: 'error',
        title: problem.conflict ? t('move.conflict', { title: deal.title }) : t('move.gone', { title: deal.title }),
        description: problem.conflict ? t('move.conflictHint') : undefined,
      });
      return;
    }
    if (asking || stage.kind === 'lost' || fields.length > 0) {
      setAsking({ deal, stage, fields, problem });
      return;
    }
    const message = describeProblem(error, common);
    toast({
      tone: 'error',
      title: t('move.failed', { title: deal.title, stage: stage.name }),
      description: message.detail ? `${message.title}. ${message.detail}` : message.title,
      action: { label: t('common:action.retry'), onClick: () => void perform(deal, stage, []) },
    });
  };

  const request = (deal: Deal, stage: Stage) => {
    if (deal.stageId === stage.id && deal.status === 'open') return;
    const fields = missingFields(deal, stage);
    if (fields.length > 0 || stage.kind === 'lost') setAsking({ deal, stage, fields });
    else void perform(deal, stage, []);
  };

  const dialog = asking && (
    <MoveDialog
      key={`${asking.deal.id}:${asking.stage.id}`}
      asking={asking}
      lostReasons={pipeline?.lostReasons ?? []}
      busy={busy}
      onCancel={() => setAsking(null)}
      onSubmit={(values) => void perform(asking.deal, asking.stage, asking.fields, values)}
    />
  );
  return { request, dialog };
}

function MoveDialog({ asking, lostReasons, busy, onCancel, onSubmit }: {
  asking: Asking;
  lostReasons: readonly string[];
  busy: boolean;
  onCancel(): void;
  onSubmit(values: FormValues): void;
}) {
  const { t } = useTranslation('deals');
  const { t: common } = useTranslation();
  const format = useFormat();
  const { deal, stage, fields, problem } = asking;
  const form = useForm<FormValues>({
    defaultValues: { ...initialValues(deal, defaultCurrency(format.locale)), reason: '', note: '' },
  });
  const errors = problem ? formErrors(problem) : { byField: {}, other: [] };
  const lost = stage.kind === 'lost';
  const title = lost ? t('lost.title', { title: deal.title }) : stage.kind === 'won' ? t('won.title', { title: deal.title })
    : t('move.title', { title: deal.title, stage: stage.name });
  const formId = `move-${deal.id}`;
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onCancel()}
      title={title}
      description={fields.length > 0 ? t('move.requires', { stage: stage.name }) : undefined}
      footer={
        <>
          <Button onClick={onCancel}>{t('common:action.cancel')}</Button>
          <Button type="submit" form={formId} variant={lost ? 'danger' : 'primary'} busy={busy}>
            {lost ? t('lost.action') : stage.kind === 'won' ? t('won.action') : t('move.action')}
          </Button>
        </>
      }
    >
      <form id={formId} className="stack" noValidate onSubmit={form.handleSubmit(onSubmit)}>
        {lost && (
          <>
            <Field label={t('lost.reason')} required error={form.formState.errors.reason?.message
              ?? (problem?.errors.find((e) => e.field === 'reason')?.message)}>
              <Select {...form.register('reason', { required: t('lost.reasonRequired') })}>
                <option value="">{t('lost.chooseReason')}</option>
                {lostReasons.map((reason) => <option key={reason} value={reason}>{reason}</option>)}
              </Select>
            </Field>
            <Field label={t('lost.note')}>
              <textarea className={inputClass} rows={3} {...form.register('note')} />
            </Field>
          </>
        )}
        <RequiredFieldInputs fields={fields} control={form.control} register={form.register}
          errors={{ ...errors.byField, amount: form.formState.errors.amount?.message ?? errors.byField.amount }} />
        {(errors.other.length > 0 || (problem && problem.errors.length === 0)) && (
          <div role="alert" className={styles.formError}>
            {problem && problem.errors.length === 0 ? describeProblem(problem, common).title : errors.other.join(' ')}
          </div>
        )}
      </form>
    </Dialog>
  );
}

/** The inputs for the deal fields a stage requires, wired to a react-hook-form form of {@link RequiredFieldValues}. */
export function RequiredFieldInputs<T extends RequiredFieldValues>({ fields, control, register, errors }: {
  fields: readonly RequirableField[];
  control: Control<T>;
  register: UseFormRegister<T>;
  errors: Partial<Record<string, string | undefined>>;
}) {
  const { t } = useTranslation('deals');
  const format = useFormat();
  // the generic form shares these fields; react-hook-form's path types cannot see that through T
  const c = control as unknown as Control<RequiredFieldValues>;
  const r = register as unknown as UseFormRegister<RequiredFieldValues>;
  return (
    <>
      {fields.includes('amount') && (
        <div className={styles.fieldRow}>
          <Field label={t('field.amount')} required error={errors.amount}>
            <input className={inputClass} inputMode="decimal" {...r('amount', {
              validate: (value) => {
                const amount = parseAmount(value, format.locale);
                return amount === undefined ? t('form.required') : Number.isNaN(amount) ? t('form.notANumber') : true;
              },
            })} />
          </Field>
          <Field label={t('field.currency')} error={errors.currency}>
            <Controller control={c} name="currency" render={({ field }) => <CurrencySelect {...field} />} />
          </Field>
        </div>
      )}
      {fields.includes('expectedCloseDate') && (
        <Field label={t('field.expectedCloseDate')} required error={errors.expectedCloseDate}>
          <input type="date" className={inputClass} {...r('expectedCloseDate')} />
        </Field>
      )}
      {fields.includes('companyId') && (
        <RecordPickerField kind="company" control={c} idField="companyId" nameField="companyName" label={t('field.company')}
          required error={errors.companyId} />
      )}
      {fields.includes('contacts') && (
        <div className={styles.fieldRow}>
          <RecordPickerField kind="contact" control={c} idField="contactId" nameField="contactName" label={t('field.contact')}
            required error={errors.contacts} />
          <Field label={t('field.role')}>
            <RoleSelect {...r('contactRole')} />
          </Field>
        </div>
      )}
      {fields.includes('source') && (
        <Field label={t('field.source')} required error={errors.source}>
          <input className={inputClass} {...r('source')} />
        </Field>
      )}
    </>
  );
}
