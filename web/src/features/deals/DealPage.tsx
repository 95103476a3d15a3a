import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, Check, Clock, Pencil, RotateCcw, Trash2, Trophy, X } from 'lucide-react';
import { useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isProblem, type ProblemError } from '@/api/problem';
import { useUserName } from '@/api/users';
import { useHasRole, useMe } from '@/auth/AuthContext';
import { AutomationRunsLink } from '@/features/automation/AutomationRunsLink';
import { useFormat } from '@/i18n/format';
import {
  Badge, Button, ConfirmDialog, describeProblem, inputClass, ProblemView, Select, Spinner, toast, UserSelect,
} from '@/ui';
import {
  dealKeys, deleteDeal, reopenDeal, useDeal, usePipelines, type Deal, type Pipeline, type Stage,
} from './api';
import { MoveToDialog } from './MoveToDialog';
import { DealContacts } from './DealContacts';
import { LineItemsPanel } from '@/features/products/LineItemsPanel';
import { DealHistoryPanel, DealTasksPanel, StageHistoryPanel } from './DealPanels';
import { FilesPanel } from '@/features/files/FilesPanel';
import { DocumentsPanel } from '@/features/documents/DocumentsPanel';
import { statusTone } from './status';
import styles from './deals.module.css';
import { useMoveFlow } from './moveFlow';
import { CompanyPicker, CurrencySelect, defaultCurrency } from './pickers';
import { parseAmount } from './requiredFields';
import { useDealSave, type PatchLabels, type SaveOutcome } from './useDealSave';

/**
 * One deal: every field editable in place (with the version it was read at: a concurrent change is shown and the
 * person chooses), its contacts in their roles, where it stands in the pipeline and how long it spent in each stage,
 * its tasks and its history; won, lost, reopened or moved from here.
 */
export function DealPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('deals');
  const deal = useDeal(id);
  const pipelines = usePipelines();
  const pipeline = pipelines.data?.find((p) => p.id === deal.data?.pipelineId);
  if (deal.isError) {
    return (
      <div className="stack">
        <BackLink pipelineId={undefined} />
        <ProblemView error={deal.error} onRetry={() => void deal.refetch()} />
      </div>
    );
  }
  if (!deal.data) return <Spinner label={t('common:app.loading')} />;
  return <DealView deal={deal.data} pipeline={pipeline} refreshing={deal.isFetching} />;
}

function BackLink({ pipelineId }: { pipelineId: string | undefined }) {
  const { t } = useTranslation('deals');
  return (
    <Link to={pipelineId ? `/deals?pipeline=${pipelineId}` : '/deals'} className={styles.back}>
      <ArrowLeft size={15} aria-hidden /> {t('deal.back')}
    </Link>
  );
}

function DealView({ deal, pipeline, refreshing }: { deal: Deal; pipeline: Pipeline | undefined; refreshing: boolean }) {
  const { t } = useTranslation('deals');
  const { t: common } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const flow = useMoveFlow(pipeline);
  const saver = useDealSave();
  const [moving, setMoving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState<'reopen' | 'delete' | null>(null);
  const stages = pipeline?.stages ?? [];
  const won = stages.find((s) => s.kind === 'won');
  const lost = stages.find((s) => s.kind === 'lost');
  const closed = deal.status !== 'open';

  const reopen = async () => {
    setBusy('reopen');
    try {
      const answer = await reopenDeal(deal.id ?? '', deal.version);
      queryClient.setQueryData(dealKeys.detail(deal.id ?? ''), answer);
      void queryClient.invalidateQueries({ queryKey: dealKeys.all });
    } catch (error) {
      failed(error, t('deal.reopenFailed'));
    } finally {
      setBusy(null);
    }
  };
  const remove = async () => {
    setBusy('delete');
    try {
      await deleteDeal(deal.id ?? '', deal.version);
      queryClient.removeQueries({ queryKey: dealKeys.detail(deal.id ?? '') });
      void queryClient.invalidateQueries({ queryKey: dealKeys.all });
      toast({ tone: 'success', title: t('deal.deleted', { title: deal.title }) });
      navigate(pipeline?.id ? `/deals?pipeline=${pipeline.id}` : '/deals');
    } catch (error) {
      setDeleting(false);
      failed(error, t('deal.deleteFailed'));
    } finally {
      setBusy(null);
    }
  };
  const failed = (error: unknown, title: string) => {
    if (isProblem(error) && error.conflict) void queryClient.invalidateQueries({ queryKey: dealKeys.detail(deal.id ?? '') });
    const message = describeProblem(error, common);
    toast({ tone: 'error', title, description: isProblem(error) && error.conflict ? t('move.conflictHint') : message.title });
  };

  return (
    <div className={styles.dealPage}>
      <BackLink pipelineId={deal.pipelineId} />
      <header className={styles.dealHeader}>
        <div className={styles.dealTitleRow}>
          <InlineTitle deal={deal} save={saver.save} />
          <Badge tone={statusTone(deal.status)}>{t(`status.${deal.status}`)}</Badge>
          {deal.stalledAt && <Badge tone="warning"><Clock size={12} aria-hidden /> {t('card.stalled')}</Badge>}
          {refreshing && <Spinner size={14} />}
        </div>
        <div className={styles.dealActions}>
          <AutomationRunsLink type="deal" id={deal.id as string} />
          {closed ? (
            <Button onClick={() => void reopen()} busy={busy === 'reopen'}>
              <RotateCcw size={15} aria-hidden /> {t('deal.reopen')}
            </Button>
          ) : (
            <>
              {won && <Button variant="primary" className={styles.wonButton} onClick={() => flow.request(deal, won)}>
                <Trophy size={15} aria-hidden /> {t('deal.won')}
              </Button>}
              {lost && <Button variant="danger" onClick={() => flow.request(deal, lost)}>{t('deal.lost')}</Button>}
              <Button onClick={() => setMoving(true)} disabled={!pipeline}>{t('deal.move')}</Button>
            </>
          )}
          <Button variant="ghost" onClick={() => setDeleting(true)} aria-label={t('deal.delete')}>
            <Trash2 size={15} aria-hidden />
          </Button>
        </div>
      </header>
      {closed && (
        <p className={styles.closedNote}>
          {deal.status === 'won' ? t('deal.wonOn', { date: format.date(deal.closedAt) })
            : t('deal.lostOn', { date: format.date(deal.closedAt), reason: deal.lostReason ?? '' })}
          {deal.lostNote && <span className="muted"> — {deal.lostNote}</span>}
        </p>
      )}
      <StageBar deal={deal} stages={stages} onMove={(stage) => flow.request(deal, stage)} />
      <div className={styles.dealGrid}>
        <div className="stack">
          <DealFields deal={deal} pipeline={pipeline} save={saver.save} />
          <DealContacts deal={deal} save={saver.save} />
          <LineItemsPanel deal={deal} />
          <DealHistoryPanel deal={deal} pipeline={pipeline} />
        </div>
        <div className="stack">
          <StageHistoryPanel deal={deal} />
          <DealTasksPanel deal={deal} />
          <FilesPanel record="deals" id={deal.id ?? ''} />
          <DocumentsPanel deal={deal} />
        </div>
      </div>
      {flow.dialog}
      {saver.dialog}
      {moving && (
        <MoveToDialog deal={deal} stages={stages} onClose={() => setMoving(false)}
          onChoose={(stage) => {
            setMoving(false);
            flow.request(deal, stage);
          }} />
      )}
      <ConfirmDialog open={deleting} onOpenChange={setDeleting} title={t('deal.deleteTitle', { title: deal.title })}
        confirmLabel={t('deal.delete')} danger busy={busy === 'delete'} onConfirm={() => void remove()}>
        {t('deal.deleteHint')}
      </ConfirmDialog>
    </div>
  );
}

/** Where the deal stands among the pipeline's open stages; each one a button that moves it there. */
function StageBar({ deal, stages, onMove }: { deal: Deal; stages: readonly Stage[]; onMove(stage: Stage): void }) {
  const { t } = useTranslation('deals');
  const open = stages.filter((s) => s.kind === 'open');
  const at = open.findIndex((s) => s.id === deal.stageId);
  return (
    <ol className={styles.stageBar} aria-label={t('deal.stages')}>
      {open.map((stage, index) => (
        <li key={stage.id} data-state={stage.id === deal.stageId ? 'current' : index < at ? 'done' : 'todo'}>
          <button type="button" disabled={deal.status !== 'open' || stage.id === deal.stageId}
            aria-current={stage.id === deal.stageId ? 'step' : undefined}
            aria-label={stage.id === deal.stageId ? t('deal.currentStage', { stage: stage.name }) : t('deal.moveTo', { stage: stage.name })}
            onClick={() => onMove(stage)}>
            {stage.name}
          </button>
        </li>
      ))}
    </ol>
  );
}

type Save = (base: Deal, patch: Record<string, unknown>, labels?: PatchLabels) => Promise<SaveOutcome>;

/**
 * A field shown as text with an edit button; editing opens an input in place. Save with Enter or the button, leave
 * with Escape. The service's message stays beside the field and the typed value stays in the input until it is saved.
 */
function InlineField<V>({ label, display, deal, start, editor, toPatch, validate, save, readOnly = false, field }: {
  label: string;
  display: ReactNode;
  deal: Deal;
  start: () => V;
  editor: (value: V, change: (value: V) => void, props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode;
  toPatch: (value: V) => { patch: Record<string, unknown>; labels?: PatchLabels };
  validate?: (value: V) => string | undefined;
  save: Save;
  readOnly?: boolean;
  /** The API fields whose errors belong here. */
  field: string[];
}) {
  const { t } = useTranslation('deals');
  const { t: common } = useTranslation();
  const [editing, setEditing] = useState<{ base: Deal; value: V } | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const id = `field-${field[0]}`;

  const close = () => {
    setEditing(null);
    setError(undefined);
    requestAnimationFrame(() => editButton.current?.focus());
  };
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!editing) return;
    const invalid = validate?.(editing.value);
    if (invalid) {
      setError(invalid);
      return;
    }
    setBusy(true);
    const { patch, labels } = toPatch(editing.value);
    const outcome = await save(editing.base, patch, labels);
    setBusy(false);
    if (outcome.saved || 'discarded' in outcome) close();
    else setError(messageFor(outcome.problem, field, common));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    }
  };

  return (
    <div className={styles.fieldItem} data-editing={editing ? true : undefined}>
      <dt id={`${id}-label`}>{label}</dt>
      <dd>
        {editing ? (
          <form className={styles.inlineForm} onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown}
            aria-labelledby={`${id}-label`}>
            <div className={styles.inlineEditor}>
              {editor(editing.value, (value) => setEditing({ ...editing, value }), {
                id, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined,
              })}
            </div>
            <Button type="submit" size="sm" variant="primary" busy={busy} aria-label={t('deal.saveField', { field: label })}>
              <Check size={14} aria-hidden />
            </Button>
            <Button size="sm" variant="ghost" onClick={close} aria-label={t('deal.cancelField', { field: label })}>
              <X size={14} aria-hidden />
            </Button>
            {error && <div id={`${id}-error`} role="alert" className={styles.fieldError}>{error}</div>}
          </form>
        ) : (
          <div className={styles.fieldValue}>
            <span>{display || <span className="muted">—</span>}</span>
            {!readOnly && (
              <button ref={editButton} type="button" className={styles.iconButton} aria-label={t('deal.editField', { field: label })}
                onClick={() => setEditing({ base: deal, value: start() })}>
                <Pencil size={13} aria-hidden />
              </button>
            )}
          </div>
        )}
      </dd>
    </div>
  );
}

function messageFor(problem: ProblemError, fields: string[], common: (key: string) => string): string {
  const mine = problem.errors.filter((e) => fields.some((f) => e.field === f || e.field.startsWith(`${f}.`) || e.field.startsWith(`${f}[`)));
  if (mine.length > 0) return mine.map((e) => e.message).join(' ');
  if (problem.errors.length > 0) return problem.errors.map((e) => `${e.field}: ${e.message}`).join(' ');
  const message = describeProblem(problem, common);
  return message.detail ? `${message.title}. ${message.detail}` : message.title;
}

function InlineTitle({ deal, save }: { deal: Deal; save: Save }) {
  const { t } = useTranslation('deals');
  return (
    <dl className={styles.titleField}>
      <InlineField<string> label={t('field.title')} field={['title']} deal={deal} save={save}
        display={<h1>{deal.title}</h1>} start={() => deal.title ?? ''}
        validate={(value) => (value.trim() ? undefined : t('form.required'))}
        toPatch={(value) => ({ patch: { title: value.trim() } })}
        editor={(value, change, props) => (
          <input {...props} className={inputClass} autoFocus value={value} onChange={(e) => change(e.target.value)} />
        )} />
    </dl>
  );
}

interface AmountValue {
  amount: string;
  currency: string;
}

function DealFields({ deal, pipeline, save }: { deal: Deal; pipeline: Pipeline | undefined; save: Save }) {
  const { t } = useTranslation('deals');
  const format = useFormat();
  const userName = useUserName();
  const me = useMe();
  const isAdmin = useHasRole('admin');
  const reassigns = useHasRole('manager', 'admin');
  const custom = Object.entries(deal.customFields ?? {});
  return (
    <section className="card" aria-labelledby="deal-details">
      <h2 id="deal-details" className={styles.panelTitle}>{t('deal.details')}</h2>
      <dl className={styles.fields}>
        {/* with line items the amount is their total (deals-service refuses a direct change): changed through them */}
        <InlineField<AmountValue> label={t('field.amount')} field={['amount', 'currency']} deal={deal} save={save}
          readOnly={(deal.lineItems?.length ?? 0) > 0}
          display={format.money(deal.amount, deal.currency)}
          start={() => ({ amount: deal.amount === undefined || deal.amount === null ? '' : format.number(deal.amount).replace(/\s/g, ''),
            currency: deal.currency ?? defaultCurrency(format.locale) })}
          validate={(value) => Number.isNaN(parseAmount(value.amount, format.locale) ?? 0) ? t('form.notANumber') : undefined}
          toPatch={(value) => {
            const amount = parseAmount(value.amount, format.locale);
            return { patch: amount === undefined ? { amount: null, currency: null } : { amount, currency: value.currency } };
          }}
          editor={(value, change, props) => (
            <span className={styles.amountEditor}>
              <input {...props} className={inputClass} inputMode="decimal" autoFocus value={value.amount}
                onChange={(e) => change({ ...value, amount: e.target.value })} />
              <CurrencySelect aria-label={t('field.currency')} value={value.currency}
                onChange={(e) => change({ ...value, currency: e.target.value })} />
            </span>
          )} />
        <InlineField<string> label={t('field.expectedCloseDate')} field={['expectedCloseDate']} deal={deal} save={save}
          display={format.date(deal.expectedCloseDate)} start={() => deal.expectedCloseDate ?? ''}
          toPatch={(value) => ({ patch: { expectedCloseDate: value || null } })}
          editor={(value, change, props) => (
            <input {...props} type="date" className={inputClass} autoFocus value={value} onChange={(e) => change(e.target.value)} />
          )} />
        <InlineField<string> label={t('field.owner')} field={['ownerId']} deal={deal} save={save} readOnly={!reassigns}
          display={userName(deal.ownerId)} start={() => deal.ownerId ?? ''}
          toPatch={(value) => ({ patch: { ownerId: value } })}
          editor={(value, change, props) => (
            <UserSelect {...props} value={value} onChange={(e) => change(e.target.value)}
              filter={isAdmin ? undefined : (user) => user.team === me.team} />
          )} />
        <InlineField<{ id: string; name: string }> label={t('field.company')} field={['companyId']} deal={deal} save={save}
          display={deal.companyId ? <Link to={`/companies/${deal.companyId}`}>{deal.companyName ?? t('deal.unknownCompany')}</Link> : ''}
          start={() => ({ id: deal.companyId ?? '', name: deal.companyName ?? '' })}
          toPatch={(value) => ({ patch: { companyId: value.id || null }, labels: { companyId: value.name } })}
          editor={(value, change, props) => (
            <CompanyPicker {...props} selectedLabel={value.name}
              onSelect={(option) => change({ id: option?.id ?? '', name: option?.label ?? '' })} />
          )} />
        <InlineField<string> label={t('field.source')} field={['source']} deal={deal} save={save}
          display={deal.source} start={() => deal.source ?? ''}
          toPatch={(value) => ({ patch: { source: value.trim() || null } })}
          editor={(value, change, props) => (
            <input {...props} className={inputClass} autoFocus value={value} onChange={(e) => change(e.target.value)} />
          )} />
        <div className={styles.fieldItem}>
          <dt>{t('field.pipeline')}</dt>
          <dd>{pipeline?.name} · {deal.stage?.name} {deal.stage?.probability !== undefined && (
            <span className="muted">({format.number(deal.stage.probability)} %)</span>)}</dd>
        </div>
        {custom.map(([key, value]) => (
          <InlineField<string> key={key} label={key} field={[`customFields.${key}`]} deal={deal} save={save}
            display={typeof value === 'boolean' ? t(value ? 'deal.yes' : 'deal.no') : String(value ?? '')}
            start={() => String(value ?? '')}
            validate={(text) => typeof value === 'number' && text.trim() !== '' && Number.isNaN(Number(text)) ? t('form.notANumber') : undefined}
            toPatch={(text) => ({ patch: { customFields: { [key]: customValue(value, text) } } })}
            editor={(text, change, props) => typeof value === 'boolean' ? (
              <Select {...props} value={text} onChange={(e) => change(e.target.value)}>
                <option value="true">{t('deal.yes')}</option>
                <option value="false">{t('deal.no')}</option>
              </Select>
            ) : (
              <input {...props} className={inputClass} autoFocus inputMode={typeof value === 'number' ? 'decimal' : undefined}
                value={text} onChange={(e) => change(e.target.value)} />
            )} />
        ))}
        <div className={styles.fieldItem}>
          <dt>{t('field.createdAt')}</dt>
          <dd>{format.dateTime(deal.createdAt)}</dd>
        </div>
      </dl>
    </section>
  );
}

/** A custom field keeps its type: numbers stay numbers, yes/no stays a boolean, an emptied field is removed. */
function customValue(previous: unknown, text: string): unknown {
  if (text.trim() === '') return null;
  if (typeof previous === 'number') return Number(text);
  if (typeof previous === 'boolean') return text === 'true';
  return text;
}
