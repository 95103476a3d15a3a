import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FileText, Plus } from 'lucide-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem, splitFieldErrors } from '@/api/problem';
import { useUserName } from '@/api/users';
import { useDealList } from '@/features/deals/api';
import { useFormat } from '@/i18n/format';
import {
  Button, ConfirmDialog, EmptyState, Field, inputClass, PageHeader, ProblemView, Select, Spinner, toast,
} from '@/ui';
import {
  documentKeys, KNOWN_KINDS, mergeTag, STARTER_BODY, STARTER_CSS, templateCalls, useMergeFields, useTemplates,
  type DocumentTemplate, type TemplateInput,
} from './api';
import styles from './documents.module.css';

const TEMPLATE_FIELDS = ['kind', 'name', 'locale', 'body', 'css'] as const;
const LOCALES = ['en', 'ru', 'ka', 'de', 'fr', 'es'] as const;

/** Settings → Document templates (admins): the list, and the editor of the one chosen or being created. */
export function TemplatesPage() {
  const { t } = useTranslation('documents');
  const templates = useTemplates();
  const format = useFormat();
  const userName = useUserName();
  const [editing, setEditing] = useState<DocumentTemplate | 'new' | undefined>();
  return (
    <>
      <PageHeader title={t('templates.title')} subtitle={t('templates.subtitle')}
        actions={<Button onClick={() => setEditing('new')}><Plus size={16} aria-hidden /> {t('templates.new')}</Button>} />
      {templates.isPending && <Spinner />}
      {templates.isError && <ProblemView error={templates.error} onRetry={() => void templates.refetch()} />}
      {templates.isSuccess && templates.data.length === 0 && !editing && <EmptyState title={t('templates.empty')}>{t('templates.emptyHint')}</EmptyState>}
      {templates.isSuccess && templates.data.length > 0 && (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">{t('templates.name')}</th>
              <th scope="col">{t('templates.kind')}</th>
              <th scope="col">{t('templates.locale')}</th>
              <th scope="col">{t('templates.updated')}</th>
              <th scope="col"><span className="visually-hidden">{t('templates.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {templates.data.map((template) => (
              <tr key={template.id} aria-current={editing !== 'new' && editing?.id === template.id ? true : undefined}>
                <th scope="row"><FileText size={14} aria-hidden /> {template.name}</th>
                <td>{t(`kind.${template.kind}`, { defaultValue: template.kind })}</td>
                <td>{template.locale}</td>
                <td>{template.updatedAt ? format.dateTime(template.updatedAt) : ''}{template.updatedBy ? ` · ${userName(template.updatedBy)}` : ''}</td>
                <td className={styles.actionsCell}>
                  <Button size="sm" onClick={() => setEditing(template)} aria-label={t('templates.editNamed', { name: template.name })}>
                    {t('templates.edit')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <TemplateEditor key={editing === 'new' ? 'new' : editing.id} template={editing === 'new' ? undefined : editing}
          onDone={(saved) => setEditing(saved)} onClose={() => setEditing(undefined)} />
      )}
    </>
  );
}

function TemplateEditor({ template, onDone, onClose }: {
  template: DocumentTemplate | undefined;
  onDone(saved: DocumentTemplate | undefined): void;
  onClose(): void;
}) {
  const { t } = useTranslation('documents');
  const client = useQueryClient();
  const [input, setInput] = useState<TemplateInput>(() => template
    ? { kind: template.kind, name: template.name, locale: template.locale, body: template.body, css: template.css }
    : { kind: 'quote', name: '', locale: 'en', body: STARTER_BODY, css: STARTER_CSS });
  const [base, setBase] = useState(template);
  const [deleting, setDeleting] = useState(false);
  const [previewDeal, setPreviewDeal] = useState('');
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const fields = useMergeFields();
  const set = (key: keyof TemplateInput, value: string) => setInput((current) => ({ ...current, [key]: value }));

  const save = useMutation({
    mutationFn: (over?: DocumentTemplate) => {
      const target = over ?? base;
      return target ? templateCalls.update(target, input) : templateCalls.create(input);
    },
    onSuccess: async (saved) => {
      setBase(saved);
      await client.invalidateQueries({ queryKey: documentKeys.templates });
      toast({ tone: 'success', title: t('templates.saved', { name: saved.name }) });
      onDone(saved);
    },
  });
  const remove = useMutation({
    mutationFn: () => templateCalls.remove(base!),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: documentKeys.templates });
      toast({ tone: 'success', title: t('templates.deleted') });
      onClose();
    },
  });
  const preview = useMutation({
    mutationFn: () => templateCalls.preview(previewDeal, input),
    onSuccess: (blob) => {
      window.open(URL.createObjectURL(blob), '_blank', 'noopener');
    },
  });
  const problem = isProblem(save.error) ? splitFieldErrors(save.error, TEMPLATE_FIELDS) : undefined;
  const previewProblem = isProblem(preview.error) ? splitFieldErrors(preview.error, [...TEMPLATE_FIELDS, 'dealId']) : undefined;
  const conflict = isProblem(save.error) && save.error.status === 409;

  /** Resolves a 409: keep what is typed and write it over the newer version, or take the newer version. */
  async function latest(): Promise<DocumentTemplate | undefined> {
    const list = await client.fetchQuery({ queryKey: documentKeys.templates, staleTime: 0 });
    return (list as DocumentTemplate[] | undefined)?.find((item) => item.id === base?.id);
  }

  function insert(tag: string) {
    const area = bodyRef.current;
    if (!area) return;
    const start = area.selectionStart ?? input.body.length;
    const end = area.selectionEnd ?? start;
    const body = input.body.slice(0, start) + tag + input.body.slice(end);
    set('body', body);
    requestAnimationFrame(() => {
      area.focus();
      area.setSelectionRange(start + tag.length, start + tag.length);
    });
  }

  return (
    <section className="card" aria-labelledby="template-editor">
      <h2 id="template-editor" className={styles.panelTitle}>
        {base ? t('templates.editTitle', { name: base.name }) : t('templates.new')}
      </h2>
      <form className={styles.form} onSubmit={(event) => { event.preventDefault(); save.mutate(undefined); }}>
        <div className={styles.grid3}>
          <Field label={t('templates.name')} required error={problem?.byField.name}>
            <input className={inputClass} value={input.name} onChange={(event) => set('name', event.target.value)} />
          </Field>
          <Field label={t('templates.kind')} required error={problem?.byField.kind} hint={t('templates.kindHint')}>
            <input className={inputClass} list="document-kinds" value={input.kind} onChange={(event) => set('kind', event.target.value)} />
          </Field>
          <Field label={t('templates.locale')} error={problem?.byField.locale} hint={t('templates.localeHint')}>
            <Select value={input.locale} onChange={(event) => set('locale', event.target.value)}>
              {[...new Set([...LOCALES, input.locale])].map((locale) => (
                <option key={locale} value={locale}>{t(`locale.${locale}`, { defaultValue: locale })}</option>
              ))}
            </Select>
          </Field>
        </div>
        <datalist id="document-kinds">
          {KNOWN_KINDS.map((kind) => <option key={kind} value={kind}>{t(`kind.${kind}`)}</option>)}
        </datalist>
        <div className={styles.editorGrid}>
          <Field label={t('templates.body')} required error={problem?.byField.body} hint={t('templates.bodyHint')}>
            <textarea ref={bodyRef} className={`${inputClass} ${styles.code}`} rows={20} spellCheck={false}
              value={input.body} onChange={(event) => set('body', event.target.value)} />
          </Field>
          <div className={styles.fieldList}>
            <h3 id="merge-fields">{t('templates.fields')}</h3>
            <p className="muted">{t('templates.fieldsHint')}</p>
            {fields.isError && <ProblemView compact error={fields.error} onRetry={() => void fields.refetch()} />}
            <ul aria-labelledby="merge-fields">
              {fields.data?.map((field) => (
                <li key={`${field.section ?? ''}${field.name}`}>
                  <button type="button" className={styles.fieldButton} onClick={() => insert(mergeTag(field))}
                    title={field.description} aria-label={t('templates.insertField', { field: field.section ? `${field.section} › ${field.name}` : field.name })}>
                    <code>{field.section ? `${field.section} › ` : ''}{field.name}</code>
                  </button>
                  <span className="muted"> {field.description}</span>
                </li>
              ))}
            </ul>
          </div>
        </div>
        <Field label={t('templates.css')} error={problem?.byField.css}>
          <textarea className={`${inputClass} ${styles.code}`} rows={6} spellCheck={false} value={input.css}
            onChange={(event) => set('css', event.target.value)} />
        </Field>
        {problem && problem.other.length > 0 && <div role="alert" className={styles.error}>{problem.other.join(' ')}</div>}
        {conflict && (
          <div role="alert" className={styles.warning}>
            {t('templates.conflict')}
            <div className={styles.actions}>
              <Button size="sm" onClick={() => void latest().then((newer) => newer && save.mutate(newer))}>
                {t('templates.keepMine')}
              </Button>
              <Button size="sm" onClick={() => void latest().then((newer) => {
                if (!newer) return;
                setBase(newer);
                setInput({ kind: newer.kind, name: newer.name, locale: newer.locale, body: newer.body, css: newer.css });
                save.reset();
              })}>
                {t('templates.takeTheirs')}
              </Button>
            </div>
          </div>
        )}
        {save.error && !problem && !conflict && <ProblemView compact error={save.error} />}
        <div className={styles.previewRow}>
          <DealPickerField value={previewDeal} onChange={setPreviewDeal} error={previewProblem?.byField.dealId} />
          <Button onClick={() => preview.mutate()} busy={preview.isPending} disabled={!previewDeal}>{t('templates.preview')}</Button>
        </div>
        {previewProblem && (previewProblem.byField.body || previewProblem.other.length > 0) && (
          <div role="alert" className={styles.error}>{[previewProblem.byField.body, ...previewProblem.other].filter(Boolean).join(' ')}</div>
        )}
        {preview.error && !isProblem(preview.error) && <ProblemView compact error={preview.error} />}
        {isProblem(preview.error) && preview.error.errors.length === 0 && <ProblemView compact error={preview.error} />}
        <div className={styles.formActions}>
          {base && <Button variant="danger" onClick={() => setDeleting(true)}>{t('templates.delete')}</Button>}
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" variant="primary" busy={save.isPending}>{t('templates.save')}</Button>
        </div>
      </form>
      <ConfirmDialog open={deleting} onOpenChange={setDeleting} title={t('templates.deleteTitle', { name: base?.name ?? '' })}
        confirmLabel={t('templates.delete')} danger busy={remove.isPending} onConfirm={() => remove.mutate()}>
        {t('templates.deleteHint')}
      </ConfirmDialog>
    </section>
  );
}

/** A deal to preview with, found by title. */
function DealPickerField({ value, onChange, error }: { value: string; onChange(id: string): void; error?: string | undefined }) {
  const { t } = useTranslation('documents');
  const [q, setQ] = useState('');
  const deals = useDealList({ q: q.trim() || undefined } as Parameters<typeof useDealList>[0]);
  const options = deals.data?.pages.flatMap((page) => page.items ?? []).slice(0, 50) ?? [];
  return (
    <div className={styles.dealPicker}>
      <Field label={t('templates.previewSearch')}>
        <input className={inputClass} type="search" value={q} onChange={(event) => setQ(event.target.value)} />
      </Field>
      <Field label={t('templates.previewDeal')} error={error}>
        <Select value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">{t('templates.previewChoose')}</option>
          {options.map((deal) => <option key={deal.id} value={deal.id}>{deal.title}</option>)}
        </Select>
      </Field>
    </div>
  );
}
