import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Code, Copy, Plus } from 'lucide-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem, splitFieldErrors } from '@/api/problem';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import {
  Badge, Button, ConfirmDialog, Dialog, EmptyState, Field, inputClass, PageHeader, ProblemView, Spinner, toast, UserSelect,
} from '@/ui';
import { createLeadForm, disableLeadForm, settingsKeys, useLeadForms, type LeadForm } from './api';
import { FormProblem } from './FormProblem';
import styles from './settings.module.css';
import { LEAD_FIELDS, leadFormSnippet, type LeadFieldName } from './snippet';
import { dealSettings, LeadFormDealFields, NO_DEAL, type DealDraft } from './LeadFormDealFields';

/** The field names of a form's deal settings in the service's problems. */
const DEAL_FIELDS = ['deal', 'deal.pipelineId', 'deal.stageId', 'deal.owner', 'deal.owner.userId', 'deal.owner.roundRobin',
  'deal.amount', 'deal.companyId', 'deal.expectedCloseDate'];

export function LeadFormsPage() {
  const { t } = useTranslation('settings');
  const forms = useLeadForms();
  const userName = useUserName();
  const format = useFormat();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [embed, setEmbed] = useState<{ form: LeadForm; key?: string } | undefined>();
  const [disabling, setDisabling] = useState<LeadForm | undefined>();
  const disable = useMutation({
    mutationFn: async (form: LeadForm) => {
      await disableLeadForm(form.id!);
      await client.invalidateQueries({ queryKey: settingsKeys.leadForms });
    },
    onSuccess: () => setDisabling(undefined),
  });
  return (
    <>
      <PageHeader title={t('leadForms.title')} subtitle={t('leadForms.subtitle')}
        actions={<Button onClick={() => setCreating(true)}><Plus size={16} aria-hidden /> {t('leadForms.new')}</Button>} />
      {forms.isPending && <Spinner />}
      {forms.isError && <ProblemView error={forms.error} onRetry={() => void forms.refetch()} />}
      {forms.isSuccess && forms.data.length === 0 && <EmptyState title={t('leadForms.empty')} />}
      {forms.isSuccess && forms.data.length > 0 && (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">{t('leadForms.name')}</th>
              <th scope="col">{t('leadForms.owner')}</th>
              <th scope="col">{t('leadForms.tags')}</th>
              <th scope="col">{t('leadForms.deal.column')}</th>
              <th scope="col">{t('leadForms.created')}</th>
              <th scope="col"><span className="visually-hidden">{t('fields.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {forms.data.map((form) => (
              <tr key={form.id}>
                <td>{form.name} {!form.active && <Badge>{t('leadForms.disabled')}</Badge>}</td>
                <td>{form.ownerId ? userName(form.ownerId) : t('leadForms.sharedPool')}</td>
                <td>{(form.tags ?? []).join(', ')}</td>
                <td>{form.deal ? (form.deal.owner?.roundRobin
                  ? t('leadForms.deal.summaryTurns', { names: form.deal.owner.roundRobin.map(userName).join(', ') })
                  : t('leadForms.deal.summaryOwner', { name: userName(form.deal.owner?.userId) })) : t('leadForms.deal.none')}</td>
                <td>{form.createdAt ? format.date(form.createdAt) : ''}</td>
                <td className={styles.actionsCell}>
                  {form.active && (
                    <>
                      <Button size="sm" onClick={() => setEmbed({ form })} aria-label={t('leadForms.embedNamed', { name: form.name })}>
                        <Code size={14} aria-hidden /> {t('leadForms.embed')}
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => { disable.reset(); setDisabling(form); }}>
                        {t('leadForms.disable')}
                      </Button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && (
        <NewLeadFormDialog onClose={() => setCreating(false)} onCreated={(form) => { setCreating(false); setEmbed({ form, key: form.key }); }} />
      )}
      {embed && <EmbedDialog form={embed.form} formKey={embed.key} onClose={() => setEmbed(undefined)} />}
      <ConfirmDialog open={!!disabling} onOpenChange={(open) => !open && setDisabling(undefined)} danger busy={disable.isPending}
        title={t('leadForms.disableNamed', { name: disabling?.name })} confirmLabel={t('leadForms.disable')}
        onConfirm={() => disabling && disable.mutate(disabling)}>
        <p>{t('leadForms.disableHint')}</p>
        {disable.error && <ProblemView error={disable.error} compact />}
      </ConfirmDialog>
    </>
  );
}

function NewLeadFormDialog({ onClose, onCreated }: { onClose(): void; onCreated(form: LeadForm): void }) {
  const { t } = useTranslation('settings');
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [tags, setTags] = useState('');
  const [deal, setDeal] = useState<DealDraft>(NO_DEAL);
  const create = useMutation({
    mutationFn: async () => {
      const settings = dealSettings(deal);
      const created = await createLeadForm({
        name: name.trim(),
        ...(ownerId ? { ownerId } : {}),
        tags: tags.split(',').map((tag) => tag.trim()).filter(Boolean),
        ...(settings ? { deal: settings } : {}),
      });
      await client.invalidateQueries({ queryKey: settingsKeys.leadForms });
      return created;
    },
    onSuccess: onCreated,
  });
  const fields = isProblem(create.error) ? splitFieldErrors(create.error, ['name', 'ownerId', 'tags', ...DEAL_FIELDS]) : undefined;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={t('leadForms.new')}>
      <form className={styles.form} onSubmit={(event) => { event.preventDefault(); create.mutate(); }}>
        <Field label={t('leadForms.name')} required error={fields?.byField.name}>
          <input className={inputClass} value={name} required onChange={(event) => setName(event.target.value)} />
        </Field>
        <Field label={t('leadForms.owner')} hint={t('leadForms.ownerHint')} error={fields?.byField.ownerId}>
          <UserSelect value={ownerId} emptyLabel={t('leadForms.sharedPool')} onChange={(event) => setOwnerId(event.target.value)} />
        </Field>
        <Field label={t('leadForms.tags')} hint={t('leadForms.tagsHint')} error={fields?.byField.tags}>
          <input className={inputClass} value={tags} onChange={(event) => setTags(event.target.value)} />
        </Field>
        <LeadFormDealFields draft={deal} onChange={setDeal} errors={fields?.byField ?? {}} />
        <FormProblem error={create.error} other={fields?.other} />
        <div className={styles.formActions}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" variant="primary" busy={create.isPending}>{t('common:action.create')}</Button>
        </div>
      </form>
    </Dialog>
  );
}

function useLeadLabels(): Record<LeadFieldName, string> {
  const { t } = useTranslation('settings');
  return Object.fromEntries(LEAD_FIELDS.map((field) => [field.name, t(`leadForms.field.${field.name}`)])) as Record<LeadFieldName, string>;
}

/** The snippet to paste (with the key when it was just created: it is never shown again) and a preview of the form. */
function EmbedDialog({ form, formKey, onClose }: { form: LeadForm; formKey: string | undefined; onClose(): void }) {
  const { t } = useTranslation('settings');
  const labels = useLeadLabels();
  const snippet = leadFormSnippet({
    origin: window.location.origin,
    formId: form.id!,
    key: formKey ?? 'YOUR_FORM_KEY',
    labels,
    submitLabel: t('leadForms.submit'),
    thanks: t('leadForms.thanks'),
  });
  const snippetId = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      toast({ title: t('leadForms.copied'), tone: 'success' });
    } catch {
      (document.getElementById(snippetId) as HTMLTextAreaElement | null)?.select();
      toast({ title: t('leadForms.copyFailed'), tone: 'error' });
    }
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} width={860} title={t('leadForms.embedNamed', { name: form.name })}
      footer={<Button variant="primary" onClick={onClose}>{t('common:action.close')}</Button>}>
      {formKey ? (
        <div className={styles.secret} role="status">
          <strong>{t('leadForms.keyOnce')}</strong> <code data-testid="form-key">{formKey}</code>
        </div>
      ) : (
        <p className="muted">{t('leadForms.keyPlaceholder')}</p>
      )}
      <div className={styles.embed}>
        <div>
          <div className={styles.sectionHeader}>
            <label htmlFor={snippetId}><strong>{t('leadForms.snippet')}</strong></label>
            <Button size="sm" onClick={() => void copy()}><Copy size={14} aria-hidden /> {t('leadForms.copy')}</Button>
          </div>
          <textarea id={snippetId} className={`${inputClass} ${styles.code}`} readOnly rows={16} value={snippet} />
        </div>
        <div>
          <strong id={`${snippetId}-preview`}>{t('leadForms.preview')}</strong>
          <LeadFormPreview labels={labels} labelledBy={`${snippetId}-preview`} />
        </div>
      </div>
    </Dialog>
  );
}

/** What the snippet shows on a site, rendered here as a component (the gateway's CSP allows no inline scripts). */
function LeadFormPreview({ labels, labelledBy }: { labels: Record<LeadFieldName, string>; labelledBy: string }) {
  const { t } = useTranslation('settings');
  const [sent, setSent] = useState(false);
  return (
    <form className={styles.preview} aria-labelledby={labelledBy} onSubmit={(event) => { event.preventDefault(); setSent(true); }}>
      {sent ? (
        <p role="status">{t('leadForms.previewSent')}</p>
      ) : (
        <>
          {LEAD_FIELDS.map((field) => (
            <Field key={field.name} label={labels[field.name]} required={field.required}>
              {field.type === 'textarea'
                ? <textarea className={inputClass} rows={2} />
                : <input className={inputClass} type={field.type} required={field.required} />}
            </Field>
          ))}
          <div><Button type="submit" variant="primary">{t('leadForms.submit')}</Button></div>
        </>
      )}
    </form>
  );
}
