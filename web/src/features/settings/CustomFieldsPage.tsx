import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isProblem, splitFieldErrors } from '@/api/problem';
import {
  Badge, Button, ConfirmDialog, Dialog, EmptyState, Field, inputClass, PageHeader, ProblemView, Select, Spinner, Tabs, toast,
} from '@/ui';
import {
  createField, customFieldKeys, deleteField, FIELD_TYPES, OPTION_TYPES, useFieldDefinitions, type CustomField, type ObjectType,
} from './api';
import { keyFromLabel } from './fieldKey';
import { FormProblem } from './FormProblem';
import styles from './settings.module.css';

const OBJECT_TYPES: ObjectType[] = ['contact', 'company'];

export function CustomFieldsPage() {
  const { t } = useTranslation('settings');
  const [params, setParams] = useSearchParams();
  const objectType: ObjectType = params.get('object') === 'company' ? 'company' : 'contact';
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader title={t('fields.title')} subtitle={t('fields.subtitle')}
        actions={<Button onClick={() => setCreating(true)}><Plus size={16} aria-hidden /> {t('fields.new')}</Button>} />
      <Tabs label={t('fields.object')} value={objectType} onChange={(id) => setParams({ object: id }, { replace: true })}
        tabs={OBJECT_TYPES.map((type) => ({ id: type, label: t(`fields.objects.${type}`), content: <FieldList objectType={type} /> }))} />
      <p className="muted">{t('fields.dealsNote')}</p>
      {creating && <NewFieldDialog objectType={objectType} onClose={() => setCreating(false)} />}
    </>
  );
}

function FieldList({ objectType }: { objectType: ObjectType }) {
  const { t } = useTranslation('settings');
  const client = useQueryClient();
  const fields = useFieldDefinitions(objectType);
  const [removing, setRemoving] = useState<CustomField | undefined>();
  const remove = useMutation({
    mutationFn: async (field: CustomField) => {
      await deleteField(objectType, field.key!);
      await client.invalidateQueries({ queryKey: customFieldKeys.of(objectType) });
    },
    onSuccess: (_nothing, field) => {
      toast({ title: t('fields.removed', { label: field.label }), tone: 'success' });
      setRemoving(undefined);
    },
  });
  if (fields.isPending) return <Spinner />;
  if (fields.isError) return <ProblemView error={fields.error} onRetry={() => void fields.refetch()} />;
  if (fields.data.length === 0) return <EmptyState title={t('fields.empty')} />;
  return (
    <>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">{t('fields.label')}</th>
            <th scope="col">{t('fields.key')}</th>
            <th scope="col">{t('fields.type')}</th>
            <th scope="col">{t('fields.options')}</th>
            <th scope="col"><span className="visually-hidden">{t('fields.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {fields.data.map((field) => (
            <tr key={field.key}>
              <td>{field.label}{field.required && <> <Badge tone="accent">{t('fields.requiredBadge')}</Badge></>}</td>
              <td><code>{field.key}</code></td>
              <td>{t(`fields.types.${field.type}`, { defaultValue: field.type })}</td>
              <td>{(field.options ?? []).join(', ')}</td>
              <td className={styles.actionsCell}>
                <Button size="sm" variant="ghost" aria-label={t('fields.removeNamed', { label: field.label })}
                  onClick={() => { remove.reset(); setRemoving(field); }}>
                  <Trash2 size={14} aria-hidden />
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ConfirmDialog open={!!removing} onOpenChange={(open) => !open && setRemoving(undefined)} danger busy={remove.isPending}
        title={t('fields.removeNamed', { label: removing?.label })} confirmLabel={t('fields.remove')}
        onConfirm={() => removing && remove.mutate(removing)}>
        <p>{t('fields.removeHint')}</p>
        {remove.error && <ProblemView error={remove.error} compact />}
      </ConfirmDialog>
    </>
  );
}

const FORM_FIELDS = ['key', 'label', 'type', 'options', 'required', 'objectType'] as const;

function NewFieldDialog({ objectType, onClose }: { objectType: ObjectType; onClose(): void }) {
  const { t } = useTranslation('settings');
  const client = useQueryClient();
  const [label, setLabel] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [type, setType] = useState<string>('text');
  const [options, setOptions] = useState('');
  const [required, setRequired] = useState(false);
  const create = useMutation({
    mutationFn: async () => {
      await createField({
        objectType, key: keyTouched ? key : keyFromLabel(label), label: label.trim(), type, required,
        ...(OPTION_TYPES.includes(type) ? { options: options.split('\n').map((o) => o.trim()).filter(Boolean) } : {}),
      });
      await client.invalidateQueries({ queryKey: customFieldKeys.of(objectType) });
    },
    onSuccess: () => {
      toast({ title: t('fields.created', { label }), tone: 'success' });
      onClose();
    },
  });
  const fields = isProblem(create.error) ? splitFieldErrors(create.error, FORM_FIELDS) : undefined;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={t('fields.newFor', { object: t(`fields.objects.${objectType}`) })}>
      <form className={styles.form} onSubmit={(event) => { event.preventDefault(); create.mutate(); }}>
        <Field label={t('fields.label')} required error={fields?.byField.label}>
          <input className={inputClass} value={label} required onChange={(event) => setLabel(event.target.value)} />
        </Field>
        <Field label={t('fields.key')} hint={t('fields.keyHint')} required error={fields?.byField.key}>
          <input className={inputClass} value={keyTouched ? key : keyFromLabel(label)} required
            onChange={(event) => { setKeyTouched(true); setKey(event.target.value); }} />
        </Field>
        <Field label={t('fields.type')} error={fields?.byField.type}>
          <Select value={type} onChange={(event) => setType(event.target.value)}>
            {FIELD_TYPES.map((value) => <option key={value} value={value}>{t(`fields.types.${value}`)}</option>)}
          </Select>
        </Field>
        {OPTION_TYPES.includes(type) && (
          <Field label={t('fields.options')} hint={t('fields.optionsHint')} required error={fields?.byField.options}>
            <textarea className={inputClass} rows={4} value={options} onChange={(event) => setOptions(event.target.value)} />
          </Field>
        )}
        <label className={styles.check}>
          <input type="checkbox" checked={required} onChange={(event) => setRequired(event.target.checked)} />
          {t('fields.required')}
        </label>
        <FormProblem error={create.error} other={fields?.other} />
        <div className={styles.formActions}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" variant="primary" busy={create.isPending}>{t('common:action.create')}</Button>
        </div>
      </form>
    </Dialog>
  );
}
