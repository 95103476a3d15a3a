import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { idempotencyKey } from '@/api/client';
import { useSubmissionKey } from '@/api/idempotency';
import { useMe } from '@/auth/AuthContext';
import { useFormat } from '@/i18n/format';
import { Button, Field, inputClass, Select, toast, UserSelect } from '@/ui';
import { COMPANY_SIZES, createCompany, duplicatesOf, storeRecord, useCustomFields, type CompanyRequest, type DuplicateCandidate } from '@/features/contacts/api';
import {
  customFieldAliases, decimalSeparator, formField, fromInput, toInput, type CustomFieldInput,
} from '@/features/contacts/customFields';
import { CustomFieldFormField } from '@/features/contacts/record/CustomFieldFormField';
import { FormDialog, useFormProblem } from '@/features/contacts/FormDialog';
import { DuplicateCandidates } from '@/features/contacts/record/DuplicateCandidates';
import { useAssignable } from '@/features/contacts/useListHelpers';
import styles from '@/features/contacts/contacts.module.css';

const FIELDS = ['name', 'domain', 'phone', 'industry', 'size', 'ownerId'];

/** Creates a company; one with the same domain (409) is offered to open instead, or created anyway. */
export function CreateCompanyDialog({ onClose, initialName = '' }: { onClose(): void; initialName?: string }) {
  const { t } = useTranslation('contacts');
  const navigate = useNavigate();
  const client = useQueryClient();
  const me = useMe();
  const format = useFormat();
  const assignable = useAssignable();
  const definitions = useCustomFields('company');
  const customDefinitions = definitions.data ?? [];
  const [draft, setDraft] = useState({ name: initialName.trim(), domain: '', phone: '', industry: '', size: '', ownerId: me.id });
  const [custom, setCustom] = useState<Record<string, CustomFieldInput>>({});
  const key = useSubmissionKey();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [duplicates, setDuplicates] = useState<{ candidates: DuplicateCandidate[]; hidden: boolean } | null>(null);

  const create = async (allowDuplicate: boolean) => {
    const found: Record<string, string> = {};
    if (!draft.name.trim()) found.name = t('record.required');
    const customFields: Record<string, unknown> = {};
    for (const definition of customDefinitions) {
      const result = fromInput(definition, custom[definition.key as string] ?? toInput(definition, undefined), decimalSeparator(format.locale));
      if ('issue' in result) found[formField(definition.key as string)] = t(`customField.${result.issue}`);
      else if (result.value !== null) customFields[definition.key as string] = result.value;
    }
    setIssues(found);
    if (Object.keys(found).length > 0) return;
    const body: CompanyRequest = { name: draft.name.trim() };
    if (draft.domain.trim()) body.domain = draft.domain.trim();
    if (draft.phone.trim()) body.phone = draft.phone.trim();
    if (draft.industry.trim()) body.industry = draft.industry.trim();
    if (draft.size) body.size = draft.size;
    if (draft.ownerId) body.ownerId = draft.ownerId;
    if (Object.keys(customFields).length) body.customFields = customFields;
    setBusy(true);
    setError(undefined);
    try {
      const created = await createCompany(body, allowDuplicate, allowDuplicate ? idempotencyKey() : key.headers);
      storeRecord(client, 'company', created);
      toast({ title: t('company.created', { name: created.name }), tone: 'success' });
      onClose();
      navigate(`/companies/${created.id}`);
    } catch (failure) {
      key.settled(failure);
      const duplicate = duplicatesOf(failure);
      if (duplicate) {
        setDuplicates(duplicate);
      } else {
        setError(failure);
      }
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create(false);
  };
  const formProblem = useFormProblem(error, [...FIELDS, ...customDefinitions.map((d) => formField(d.key as string))],
    customFieldAliases(customDefinitions));
  const message = (field: string) => issues[field] ?? formProblem.byField[field];

  return (
    <FormDialog formId="create-company" title={t('company.createTitle')} submitLabel={t('common:action.create')} busy={busy} onClose={onClose} width={560}>
      <form id="create-company" className={styles.form} onSubmit={submit} noValidate>
        <div className={styles.formGrid}>
          <Field label={t('companyField.name')} required error={message('name')}>
            <input className={inputClass} name="name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} autoFocus />
          </Field>
          <Field label={t('companyField.domain')} error={message('domain')} hint={t('company.domainHint')}>
            <input className={inputClass} name="domain" value={draft.domain} onChange={(e) => { setDraft({ ...draft, domain: e.target.value }); setDuplicates(null); }} />
          </Field>
          <Field label={t('field.phone')} error={message('phone')}>
            <input className={inputClass} name="phone" type="tel" autoComplete="tel" value={draft.phone}
              onChange={(e) => setDraft({ ...draft, phone: e.target.value })} />
          </Field>
          <Field label={t('companyField.industry')} error={message('industry')}>
            <input className={inputClass} name="industry" value={draft.industry} onChange={(e) => setDraft({ ...draft, industry: e.target.value })} />
          </Field>
          <Field label={t('companyField.size')} error={message('size')}>
            <Select value={draft.size} onChange={(e) => setDraft({ ...draft, size: e.target.value })}>
              <option value="">{t('record.none')}</option>
              {COMPANY_SIZES.map((size) => <option key={size} value={size}>{size}</option>)}
            </Select>
          </Field>
          <Field label={t('field.owner')} error={message('ownerId')}>
            <UserSelect
              value={draft.ownerId}
              onChange={(e) => setDraft({ ...draft, ownerId: e.target.value })}
              filter={assignable}
            />
          </Field>
          {customDefinitions.map((definition) => (
            <CustomFieldFormField
              key={definition.key}
              definition={definition}
              value={custom[definition.key as string] ?? toInput(definition, undefined)}
              error={message(formField(definition.key as string))}
              onChange={(value) => setCustom({ ...custom, [definition.key as string]: value })}
            />
          ))}
        </div>
        {duplicates && (
          <DuplicateCandidates candidates={duplicates.candidates} hidden={duplicates.hidden} basePath="/companies">
            <Button size="sm" onClick={() => void create(true)} busy={busy}>{t('duplicates.createAnyway')}</Button>
          </DuplicateCandidates>
        )}
        {formProblem.general}
      </form>
    </FormDialog>
  );
}
