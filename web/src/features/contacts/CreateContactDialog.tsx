import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, call, idempotencyKey } from '@/api/client';
import { useSubmissionKey } from '@/api/idempotency';
import { useHasRole, useMe } from '@/auth/AuthContext';
import { useFormat } from '@/i18n/format';
import { Button, Field, inputClass, Select, toast, UserSelect } from '@/ui';
import {
  contactKeys, createContact, duplicatesOf, LIFECYCLE_STAGES, mergeContacts, storeRecord, useCustomFields, type ContactRequest,
  type DuplicateCandidate,
} from './api';
import { CompanyPicker, type CompanyChoice } from './CompanyPicker';
import { FormDialog, useFormProblem } from './FormDialog';
import {
  customFieldAliases, decimalSeparator, formField, fromInput, toInput, type CustomFieldDefinition, type CustomFieldInput,
} from './customFields';
import { CustomFieldFormField } from './record/CustomFieldFormField';
import { DuplicateCandidates } from './record/DuplicateCandidates';
import { useAssignable } from './useListHelpers';
import styles from './contacts.module.css';

interface Draft {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  jobTitle: string;
  company: CompanyChoice;
  lifecycleStage: string;
  ownerId: string;
  tags: string;
  custom: Record<string, CustomFieldInput>;
}

const FIELDS = ['firstName', 'lastName', 'email', 'phone', 'jobTitle', 'companyId', 'lifecycleStage', 'ownerId', 'tags'];

/**
 * Creates a contact. A contact with the same email or phone (409 `possible-duplicate`) shows the candidates the person
 * may see: open the existing one, create anyway, or (managers and admins) merge what was typed into the existing one.
 * The form keeps everything typed through every refusal.
 */
export function CreateContactDialog({ onClose, initialName = '', companyId }: { onClose(): void; initialName?: string; companyId?: CompanyChoice }) {
  const { t } = useTranslation('contacts');
  const navigate = useNavigate();
  const client = useQueryClient();
  const me = useMe();
  const format = useFormat();
  const canMerge = useHasRole('manager', 'admin');
  const assignable = useAssignable();
  const definitions = useCustomFields('contact');
  const [first, ...rest] = initialName.trim().split(/\s+/);
  const [draft, setDraft] = useState<Draft>({
    firstName: first ?? '', lastName: rest.join(' '), email: '', phone: '', jobTitle: '',
    company: companyId ?? { id: '', name: '' }, lifecycleStage: 'lead', ownerId: me.id, tags: '', custom: {},
  });
  const key = useSubmissionKey();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [duplicates, setDuplicates] = useState<{ candidates: DuplicateCandidate[]; hidden: boolean } | null>(null);
  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));
  const customDefinitions = definitions.data ?? [];

  const request = (): ContactRequest | undefined => {
    const found: Record<string, string> = {};
    if (!draft.firstName.trim()) found.firstName = t('record.required');
    const customFields: Record<string, unknown> = {};
    for (const definition of customDefinitions) {
      const input = draft.custom[definition.key as string] ?? toInput(definition, undefined);
      const result = fromInput(definition, input, decimalSeparator(format.locale));
      if ('issue' in result) found[formField(definition.key as string)] = t(`customField.${result.issue}`);
      else if (result.value !== null) customFields[definition.key as string] = result.value;
    }
    setIssues(found);
    if (Object.keys(found).length > 0) return undefined;
    const body: ContactRequest = { firstName: draft.firstName.trim(), lifecycleStage: draft.lifecycleStage, source: 'manual' };
    if (draft.lastName.trim()) body.lastName = draft.lastName.trim();
    if (draft.email.trim()) body.email = draft.email.trim();
    if (draft.phone.trim()) body.phone = draft.phone.trim();
    if (draft.jobTitle.trim()) body.jobTitle = draft.jobTitle.trim();
    if (draft.company.id) body.companyId = draft.company.id;
    if (draft.ownerId) body.ownerId = draft.ownerId;
    const tags = draft.tags.split(/[,;]+/).map((tag) => tag.trim()).filter(Boolean);
    if (tags.length) body.tags = tags;
    if (Object.keys(customFields).length) body.customFields = customFields;
    return body;
  };

  const create = async (allowDuplicate: boolean) => {
    const body = request();
    if (!body) return undefined;
    setBusy(true);
    setError(undefined);
    try {
      // a second attempt with another choice (create anyway) is another request: a new key
      const created = await createContact(body, allowDuplicate, allowDuplicate ? idempotencyKey() : key.headers);
      storeRecord(client, 'contact', created);
      return created;
    } catch (failure) {
      key.settled(failure);
      const duplicate = duplicatesOf(failure);
      if (duplicate) {
        setDuplicates(duplicate);
      } else {
        setError(failure);
      }
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await create(false);
    if (created) {
      toast({ title: t('create.created', { name: created.firstName }), tone: 'success' });
      onClose();
      navigate(`/contacts/${created.id}`);
    }
  };

  const createAnyway = async () => {
    const created = await create(true);
    if (created) {
      toast({ title: t('create.created', { name: created.firstName }), tone: 'success' });
      onClose();
      navigate(`/contacts/${created.id}`);
    }
  };

  /** Merge: what was typed becomes a contact merged at once into the existing one, filling its gaps. */
  const mergeInto = async (candidate: DuplicateCandidate) => {
    const created = await create(true);
    if (!created) return;
    setBusy(true);
    try {
      const survivor = await call(api().contacts.GET('/api/contacts/{id}', { params: { path: { id: candidate.id } } }));
      const merged = await mergeContacts(candidate.id, survivor.version, [created.id as string]);
      storeRecord(client, 'contact', merged);
      void client.invalidateQueries({ queryKey: contactKeys.all });
      toast({ title: t('duplicates.merged', { name: candidate.name ?? '' }), tone: 'success' });
      onClose();
      navigate(`/contacts/${candidate.id}`);
    } catch (failure) {
      // the new contact exists; say so and let the person go there
      setError(failure);
      toast({ title: t('duplicates.mergeFailed'), tone: 'error', action: { label: t('common:action.open'), onClick: () => navigate(`/contacts/${created.id}`) } });
    } finally {
      setBusy(false);
    }
  };

  const formProblem = useFormProblem(error, [...FIELDS, ...customDefinitions.map((d) => formField(d.key as string))],
    customFieldAliases(customDefinitions));
  const message = (field: string) => issues[field] ?? formProblem.byField[field];

  return (
    <FormDialog formId="create-contact" title={t('create.title')} submitLabel={t('common:action.create')} busy={busy} onClose={onClose} width={620}>
      <form id="create-contact" className={styles.form} onSubmit={(event) => void submit(event)} noValidate>
        <div className={styles.formGrid}>
          <Field label={t('field.firstName')} required error={message('firstName')}>
            <input className={inputClass} name="firstName" value={draft.firstName} onChange={(e) => set({ firstName: e.target.value })} autoFocus />
          </Field>
          <Field label={t('field.lastName')} error={message('lastName')}>
            <input className={inputClass} name="lastName" value={draft.lastName} onChange={(e) => set({ lastName: e.target.value })} />
          </Field>
          <Field label={t('field.email')} error={message('email')}>
            <input className={inputClass} name="email" type="email" value={draft.email} onChange={(e) => { set({ email: e.target.value }); setDuplicates(null); }} />
          </Field>
          <Field label={t('field.phone')} error={message('phone')}>
            <input className={inputClass} name="phone" type="tel" value={draft.phone} onChange={(e) => { set({ phone: e.target.value }); setDuplicates(null); }} />
          </Field>
          <Field label={t('field.jobTitle')} error={message('jobTitle')}>
            <input className={inputClass} name="jobTitle" value={draft.jobTitle} onChange={(e) => set({ jobTitle: e.target.value })} />
          </Field>
          <Field label={t('field.company')} error={message('companyId')}>
            <CompanyPicker value={draft.company} onChange={(company) => set({ company })} />
          </Field>
          <Field label={t('field.lifecycleStage')} error={message('lifecycleStage')}>
            <Select value={draft.lifecycleStage} onChange={(e) => set({ lifecycleStage: e.target.value })}>
              {LIFECYCLE_STAGES.map((stage) => <option key={stage} value={stage}>{t(`lifecycle.${stage}`)}</option>)}
            </Select>
          </Field>
          <Field label={t('field.owner')} error={message('ownerId')}>
            <UserSelect
              value={draft.ownerId}
              onChange={(e) => set({ ownerId: e.target.value })}
              filter={assignable}
            />
          </Field>
          <Field label={t('field.tags')} hint={t('bulk.tagsHint')} error={message('tags')}>
            <input className={inputClass} name="tags" value={draft.tags} onChange={(e) => set({ tags: e.target.value })} />
          </Field>
          {customDefinitions.map((definition: CustomFieldDefinition) => {
            const fieldKey = definition.key as string;
            return (
              <CustomFieldFormField
                key={fieldKey}
                definition={definition}
                value={draft.custom[fieldKey] ?? toInput(definition, undefined)}
                error={message(formField(fieldKey))}
                onChange={(value) => set({ custom: { ...draft.custom, [fieldKey]: value } })}
              />
            );
          })}
        </div>
        {duplicates && (
          <DuplicateCandidates
            candidates={duplicates.candidates}
            hidden={duplicates.hidden}
            renderActions={canMerge ? (candidate) => (
              <Button size="sm" variant="ghost" onClick={() => void mergeInto(candidate)} disabled={busy}>
                {t('duplicates.mergeInto')}
              </Button>
            ) : undefined}
          >
            <Button size="sm" onClick={() => void createAnyway()} busy={busy}>{t('duplicates.createAnyway')}</Button>
          </DuplicateCandidates>
        )}
        {formProblem.general}
      </form>
    </FormDialog>
  );
}
