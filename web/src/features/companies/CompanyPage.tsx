import { Plus } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useUserName } from '@/api/users';
import { Badge, Button, PageHeader, ProblemView, Spinner, Tabs } from '@/ui';
import {
  COMPANY_SIZES, fullName, stageTone, useCompany, useCompanyContacts, useCustomFields, type Company,
} from '@/features/contacts/api';
import { CreateContactDialog } from '@/features/contacts/CreateContactDialog';
import { CustomFieldRows } from '@/features/contacts/record/CustomFieldRows';
import { useDescribe } from '@/features/contacts/record/describe';
import { SelectEditor, TextEditor } from '@/features/contacts/record/editors';
import { FieldRow } from '@/features/contacts/record/FieldRow';
import { HistoryList } from '@/features/contacts/record/HistoryList';
import { RecordProblem } from '@/features/contacts/record/RecordProblem';
import { RelatedDeals, RelatedTasks, Section } from '@/features/contacts/record/Related';
import { AddressRow, OwnerRow, PhoneRow, RecordDates, TagsRow } from '@/features/contacts/record/rows';
import { Timeline } from '@/features/contacts/record/Timeline';
import { FilesPanel } from '@/features/files/FilesPanel';
import { useRecordSave } from '@/features/contacts/record/useRecordSave';
import styles from '@/features/contacts/record/record.module.css';

/** A company's page: its fields, editable in place; its contacts, deals and tasks; its timeline and history. */
export function CompanyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('contacts');
  const company = useCompany(id);
  if (company.isError) return <RecordProblem error={company.error} onRetry={() => void company.refetch()} kind="company" />;
  if (company.isPending) return <Spinner label={t('common:app.loading')} />;
  return <CompanyView company={company.data} />;
}

function CompanyView({ company }: { company: Company }) {
  const { t } = useTranslation('contacts');
  const userName = useUserName();
  const definitions = useCustomFields('company');
  const describe = useDescribe('company', definitions.data ?? []);
  const { save: saveRecord, conflictDialog } = useRecordSave('company', describe);
  const [tab, setTab] = useState('contacts');
  const save = (patch: Record<string, unknown>, allowDuplicate?: boolean) => saveRecord(company, patch, allowDuplicate);
  const id = company.id as string;

  const text = (field: 'name' | 'domain' | 'industry', required = false) => (
    <FieldRow<string>
      field={field}
      label={t(`companyField.${field}`)}
      display={field === 'domain' && company.domain
        ? <a href={`https://${company.domain}`} target="_blank" rel="noreferrer noopener">{company.domain}</a>
        : company[field]}
      initial={() => company[field] ?? ''}
      editor={(props) => <TextEditor {...props} />}
      toPatch={(draft) => (required && !draft.trim() ? { issue: t('record.required') } : { patch: { [field]: draft.trim() || null } })}
      save={save}
    />
  );

  return (
    <>
      <PageHeader
        title={company.name}
        subtitle={
          <span className="row" style={{ flexWrap: 'wrap' }}>
            {company.domain && <span>{company.domain}</span>}
            {company.industry && <span className="muted">{company.industry}</span>}
            {company.ownerId && <span className="muted">{t('record.ownedBy', { name: userName(company.ownerId) })}</span>}
          </span>
        }
      />
      <div className={styles.layout}>
        <div className={styles.side}>
          <Section title={t('record.details')} id="company-details">
            <dl className={styles.fields}>
              {text('name', true)}
              {text('domain')}
              <PhoneRow phone={company.phone} save={save} />
              {text('industry')}
              <FieldRow<string>
                field="size"
                label={t('companyField.size')}
                display={company.size}
                initial={() => company.size ?? ''}
                editor={(props) => <SelectEditor {...props} emptyLabel={t('record.none')} options={COMPANY_SIZES.map((v) => ({ value: v, label: v }))} />}
                toPatch={(draft) => ({ patch: { size: draft || null } })}
                save={save}
              />
              <OwnerRow ownerId={company.ownerId} save={save} />
              <TagsRow tags={company.tags} save={save} />
              <AddressRow address={company.address} save={save} />
            </dl>
          </Section>
          <CustomFieldRows record={company} definitions={definitions} save={save} />
          <RelatedDeals companyId={id} />
          <RelatedTasks companyId={id} />
          <FilesPanel record="companies" id={id} />
        </div>
        <div className={styles.main}>
          <Tabs
            label={t('record.sections')}
            value={tab}
            onChange={setTab}
            tabs={[
              { id: 'contacts', label: t('company.contacts'), content: <CompanyContacts company={company} /> },
              { id: 'activity', label: t('timeline.title'), content: <Timeline type="company" id={id} /> },
              { id: 'history', label: t('history.title'), content: <HistoryList type="company" id={id} describe={describe} /> },
            ]}
          />
          <RecordDates createdAt={company.createdAt} updatedAt={company.updatedAt} />
        </div>
      </div>
      {conflictDialog}
    </>
  );
}

/** The company's contacts the person may see, by name, with a way to add one here. */
function CompanyContacts({ company }: { company: Company }) {
  const { t } = useTranslation('contacts');
  const contacts = useCompanyContacts(company.id as string);
  const [adding, setAdding] = useState(false);
  const items = contacts.data?.pages.flatMap((page) => page.items ?? []) ?? [];
  return (
    <div className="stack">
      <div>
        <Button size="sm" onClick={() => setAdding(true)}><Plus size={14} aria-hidden /> {t('company.addContact')}</Button>
      </div>
      {contacts.isError ? (
        <ProblemView error={contacts.error} onRetry={() => void contacts.refetch()} compact />
      ) : contacts.isPending ? (
        <Spinner label={t('common:app.loading')} />
      ) : items.length === 0 ? (
        <p className="muted">{t('company.noContacts')}</p>
      ) : (
        <ul className={styles.relatedList}>
          {items.map((contact) => (
            <li key={contact.id}>
              <Link to={`/contacts/${contact.id}`}>{fullName(contact)}</Link>
              <div className={styles.relatedMeta}>
                {contact.jobTitle && <span>{contact.jobTitle}</span>}
                {contact.email && <span className="muted">{contact.email}</span>}
                {contact.lifecycleStage && <Badge tone={stageTone(contact.lifecycleStage)}>{t(`lifecycle.${contact.lifecycleStage}`)}</Badge>}
              </div>
            </li>
          ))}
        </ul>
      )}
      {contacts.hasNextPage && (
        <Button size="sm" onClick={() => void contacts.fetchNextPage()} busy={contacts.isFetchingNextPage}>{t('common:action.loadMore')}</Button>
      )}
      {adding && (
        <CreateContactDialog onClose={() => setAdding(false)} companyId={{ id: company.id as string, name: company.name ?? '' }} />
      )}
    </div>
  );
}
