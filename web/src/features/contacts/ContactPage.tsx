import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import { formatPhone } from '@/i18n/phone';
import { Badge, PageHeader, Spinner, Tabs } from '@/ui';
import { fullName, LIFECYCLE_STAGES, SOURCES, useCompany, useContact, useCustomFields, type Contact } from './api';
import { CustomFieldRows } from './record/CustomFieldRows';
import { useDescribe } from './record/describe';
import {
  CompanyEditor, ConsentEditor, LinesEditor, SelectEditor, TextEditor, type ConsentDraft,
} from './record/editors';
import { FieldRow } from './record/FieldRow';
import { HistoryList } from './record/HistoryList';
import { RecordProblem } from './record/RecordProblem';
import { RelatedDeals, RelatedTasks, Section } from './record/Related';
import { AddressRow, OwnerRow, PhoneRow, RecordDates, TagsRow } from './record/rows';
import { Timeline } from './record/Timeline';
import { FilesPanel } from '@/features/files/FilesPanel';
import { useRecordSave } from './record/useRecordSave';
import styles from './record/record.module.css';
import { AutomationRunsLink } from '@/features/automation/AutomationRunsLink';
import { ConvertToDeal } from './ConvertToDeal';

/** A contact's page: every field, editable in place; the timeline, related deals and tasks; who changed what. */
export function ContactPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('contacts');
  const contact = useContact(id);

  if (contact.isError) return <RecordProblem error={contact.error} onRetry={() => void contact.refetch()} />;
  if (contact.isPending) return <Spinner label={t('common:app.loading')} />;
  return <ContactView contact={contact.data} />;
}

function ContactView({ contact }: { contact: Contact }) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const userName = useUserName();
  const definitions = useCustomFields('contact');
  const company = useCompany(contact.companyId);
  const describe = useDescribe('contact', definitions.data ?? []);
  const { save: saveRecord, conflictDialog } = useRecordSave('contact', describe);
  const [tab, setTab] = useState('activity');
  const save = (patch: Record<string, unknown>, allowDuplicate?: boolean) => saveRecord(contact, patch, allowDuplicate);
  const id = contact.id as string;

  const text = (field: 'firstName' | 'lastName' | 'jobTitle' | 'email', options: { required?: boolean; type?: 'email' } = {}) => (
    <FieldRow<string>
      field={field}
      label={t(`field.${field}`)}
      display={field === 'email' && contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : contact[field]}
      initial={() => contact[field] ?? ''}
      editor={(props) => <TextEditor {...props} type={options.type} />}
      toPatch={(draft) => (options.required && !draft.trim() ? { issue: t('record.required') } : { patch: { [field]: draft.trim() || null } })}
      save={save}
    />
  );
  const lines = (field: 'otherEmails' | 'otherPhones') => (
    <FieldRow<string>
      field={field}
      label={t(`field.${field}`)}
      display={field === 'otherPhones'
        ? (contact.otherPhones ?? []).map((phone) => formatPhone(phone, format.locale)).join(', ')
        : (contact.otherEmails ?? []).join(', ')}
      initial={() => (contact[field] ?? []).join('\n')}
      editor={(props) => <LinesEditor {...props} />}
      toPatch={(draft) => ({ patch: { [field]: draft.split(/[\n,;]+/).map((v) => v.trim()).filter(Boolean) } })}
      save={save}
    />
  );

  return (
    <>
      <PageHeader
        title={fullName(contact)}
        subtitle={
          <span className="row" style={{ flexWrap: 'wrap' }}>
            {contact.jobTitle && <span>{contact.jobTitle}</span>}
            {contact.companyId && (
              <Link to={`/companies/${contact.companyId}`}>{company.data?.name ?? t('company.unnamed')}</Link>
            )}
            {contact.lifecycleStage && <Badge tone="accent">{t(`lifecycle.${contact.lifecycleStage}`)}</Badge>}
            {contact.ownerId && <span className="muted">{t('record.ownedBy', { name: userName(contact.ownerId) })}</span>}
            <AutomationRunsLink type="contact" id={contact.id as string} />
          </span>
        }
        actions={<ConvertToDeal contact={contact} companyName={company.data?.name} />}
      />
      <div className={styles.layout}>
        <div className={styles.side}>
          <Section title={t('record.details')} id="contact-details">
            <dl className={styles.fields}>
              {text('firstName', { required: true })}
              {text('lastName')}
              {text('email', { type: 'email' })}
              {lines('otherEmails')}
              <PhoneRow phone={contact.phone} save={save} />
              {lines('otherPhones')}
              {text('jobTitle')}
              <FieldRow<{ id: string; name: string }>
                field="companyId"
                label={t('field.company')}
                display={contact.companyId ? <Link to={`/companies/${contact.companyId}`}>{company.data?.name ?? '…'}</Link> : ''}
                initial={() => ({ id: contact.companyId ?? '', name: company.data?.name ?? '' })}
                editor={(props) => <CompanyEditor {...props} />}
                toPatch={(draft) => ({ patch: { companyId: draft.id || null } })}
                save={save}
              />
              <OwnerRow ownerId={contact.ownerId} save={save} />
              <FieldRow<string>
                field="lifecycleStage"
                label={t('field.lifecycleStage')}
                display={contact.lifecycleStage ? t(`lifecycle.${contact.lifecycleStage}`) : ''}
                initial={() => contact.lifecycleStage ?? 'lead'}
                editor={(props) => <SelectEditor {...props} options={LIFECYCLE_STAGES.map((v) => ({ value: v, label: t(`lifecycle.${v}`) }))} />}
                toPatch={(draft) => ({ patch: { lifecycleStage: draft } })}
                save={save}
              />
              <FieldRow<string>
                field="source"
                label={t('field.source')}
                display={contact.source ? t(`source.${contact.source}`, { defaultValue: contact.source }) : ''}
                initial={() => contact.source ?? ''}
                editor={(props) => <SelectEditor {...props} emptyLabel={t('record.none')} options={SOURCES.map((v) => ({ value: v, label: t(`source.${v}`) }))} />}
                toPatch={(draft) => ({ patch: { source: draft || null } })}
                save={save}
              />
              <TagsRow tags={contact.tags} save={save} />
              <FieldRow<string>
                field="birthday"
                label={t('field.birthday')}
                display={format.date(contact.birthday)}
                initial={() => contact.birthday ?? ''}
                editor={(props) => <TextEditor {...props} type="date" />}
                toPatch={(draft) => ({ patch: { birthday: draft || null } })}
                save={save}
              />
              <AddressRow address={contact.address} save={save} />
              <FieldRow<string>
                field="messengers"
                label={t('field.messengers')}
                display={(contact.messengers ?? []).map((m) => `${m.type}: ${m.handle}`).join(', ')}
                initial={() => (contact.messengers ?? []).map((m) => `${m.type}: ${m.handle}`).join('\n')}
                editor={(props) => (
                  <>
                    <LinesEditor {...props} />
                    <span className={styles.hint}>{t('record.messengersHint')}</span>
                  </>
                )}
                toPatch={(draft) => {
                  const messengers = draft.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
                    const colon = line.indexOf(':');
                    return colon < 0 ? null : { type: line.slice(0, colon).trim(), handle: line.slice(colon + 1).trim() };
                  });
                  return messengers.some((m) => m === null) ? { issue: t('record.messengersHint') } : { patch: { messengers } };
                }}
                save={save}
              />
              <FieldRow<ConsentDraft>
                field="consent"
                label={t('field.consent')}
                display={describe.value('consent', contact.consent ?? {})}
                initial={() => ({
                  emailMarketing: !!contact.consent?.emailMarketing, smsMarketing: !!contact.consent?.smsMarketing,
                  phoneCalls: !!contact.consent?.phoneCalls,
                })}
                editor={(props) => <ConsentEditor {...props} />}
                toPatch={(draft) => ({ patch: { consent: draft } })}
                save={save}
              />
            </dl>
          </Section>
          <CustomFieldRows record={contact} definitions={definitions} save={save} />
          {contact.acquisition && Object.values(contact.acquisition).some(Boolean) && (
            <Section title={t('record.firstTouch')} id="contact-acquisition">
              <dl className={styles.fields}>
                {Object.entries(contact.acquisition).filter(([, value]) => value).map(([name, value]) => (
                  <div key={name} className={styles.fieldRow}>
                    <dt>{t(`acquisition.${name}`)}</dt>
                    <dd><span className={styles.fieldValue}>{String(value)}</span></dd>
                  </div>
                ))}
              </dl>
            </Section>
          )}
          <RelatedDeals contactId={id} />
          <RelatedTasks contactId={id} />
          <FilesPanel record="contacts" id={id} />
        </div>
        <div className={styles.main}>
          <Tabs
            label={t('record.sections')}
            value={tab}
            onChange={setTab}
            tabs={[
              { id: 'activity', label: t('timeline.title'), content: <Timeline type="contact" id={id} /> },
              { id: 'history', label: t('history.title'), content: <HistoryList type="contact" id={id} describe={describe} /> },
            ]}
          />
          <RecordDates createdAt={contact.createdAt} updatedAt={contact.updatedAt} />
        </div>
      </div>
      {conflictDialog}
    </>
  );
}
