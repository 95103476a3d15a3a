import { Plus } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import { formatPhone } from '@/i18n/phone';
import { Badge, Button, PageHeader } from '@/ui';
import {
  downloadContactsCsv, fullName, stageTone, useCompanyNames, useContactList, useCustomFields, type Contact,
} from './api';
import { BulkBar, ExportListButton, type SelectedContact } from './BulkBar';
import { CreateContactDialog } from './CreateContactDialog';
import { ListBody, ListToolbar } from './ListParts';
import { countFilters, filtersFromParams, SEGMENT_PARAM, toSearchParams, type ListFilters } from './filters';
import { SegmentsBar } from './SegmentsBar';
import { useListSearch } from './useListHelpers';
import styles from './contacts.module.css';

/**
 * The contact list: search as you type, filters, order and the segment it came from all live in the URL; pages load
 * as the person scrolls; rows can be selected for bulk changes and export.
 */
export function ContactsPage() {
  const { t } = useTranslation('contacts');
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const segmentId = params.get(SEGMENT_PARAM) ?? undefined;
  const definitions = useCustomFields('contact');
  const customDefinitions = definitions.data ?? [];
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<Map<string, SelectedContact>>(new Map());

  const apply = (next: ListFilters, segment: string | undefined = segmentId) => {
    setParams(toSearchParams(next, segment), { replace: true });
    setSelected(new Map());
  };

  const [searchText, setSearchText] = useListSearch(filters, apply);

  const list = useContactList(filters);
  const contacts = list.data?.pages.flatMap((page) => page.items ?? []) ?? [];

  const toggle = (contact: Contact) => {
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(contact.id as string)) next.delete(contact.id as string);
      else next.set(contact.id as string, { id: contact.id as string, version: contact.version ?? 0, name: fullName(contact) });
      return next;
    });
  };
  const allSelected = contacts.length > 0 && contacts.every((c) => selected.has(c.id as string));
  const toggleAll = () => {
    setSelected(allSelected ? new Map() : new Map(contacts.map((c) => [c.id as string, { id: c.id as string, version: c.version ?? 0, name: fullName(c) }])));
  };

  const filtered = !!filters.q?.trim() || countFilters(filters) > 0;
  const companyNames = useCompanyNames(contacts.map((contact) => contact.companyId));
  return (
    <>
      <PageHeader
        title={t('title')}
        actions={
          <>
            <ExportListButton onExport={() => downloadContactsCsv({ filters })} />
            <Button variant="primary" onClick={() => setCreating(true)}>
              <Plus size={16} aria-hidden /> {t('create.button')}
            </Button>
          </>
        }
      />
      <SegmentsBar
        filters={filters}
        segmentId={segmentId}
        onOpen={(segment) => (segment ? apply(filtersFromParams(segment.filter ?? {}), segment.id) : apply(filters, undefined))}
      />
      <ListToolbar
        searchText={searchText}
        onSearch={setSearchText}
        searchLabel={t('search')}
        filters={filters}
        apply={apply}
        definitions={customDefinitions}
        set="contact"
        busy={list.isFetching && !list.isFetchingNextPage}
      />
      {selected.size > 0 && <BulkBar selected={[...selected.values()]} onClear={() => setSelected(new Map())} />}
      <ListBody
        list={list}
        empty={contacts.length === 0}
        emptyTitle={filtered ? t('common:list.noMatches') : t('empty')}
        onCreate={() => setCreating(true)}
        createLabel={t('create.button')}
      >
        <>
          <div className={`card ${styles.tableWrap}`}>
            <table className={styles.table}>
              <caption className="visually-hidden">{t('title')}</caption>
              <thead>
                <tr>
                  <th scope="col" className={styles.check}>
                    <input type="checkbox" checked={allSelected} onChange={toggleAll} aria-label={t('bulk.selectAll')} />
                  </th>
                  <th scope="col">{t('field.name')}</th>
                  <th scope="col">{t('field.email')}</th>
                  <th scope="col" className={styles.wide}>{t('field.phone')}</th>
                  <th scope="col" className={styles.wide}>{t('field.company')}</th>
                  <th scope="col">{t('field.lifecycleStage')}</th>
                  <th scope="col">{t('field.owner')}</th>
                  <th scope="col" className={styles.wide}>{t('field.updatedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {contacts.map((contact) => (
                  <ContactRow key={contact.id} contact={contact} companyName={companyNames.get(contact.companyId ?? '')} selected={selected.has(contact.id as string)} onToggle={() => toggle(contact)} />
                ))}
              </tbody>
            </table>
          </div>
          <ul className={styles.cards} aria-label={t('title')}>
            {contacts.map((contact) => (
              <ContactCard key={contact.id} contact={contact} selected={selected.has(contact.id as string)} onToggle={() => toggle(contact)} />
            ))}
          </ul>
        </>
      </ListBody>
      {creating && <CreateContactDialog onClose={() => setCreating(false)} initialName={filters.q ?? ''} />}
    </>
  );
}

function ContactRow({ contact, companyName, selected, onToggle }: { contact: Contact; companyName?: string; selected: boolean; onToggle(): void }) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const userName = useUserName();
  const name = fullName(contact);
  return (
    <tr data-selected={selected || undefined}>
      <td className={styles.check}>
        <input type="checkbox" checked={selected} onChange={onToggle} aria-label={t('bulk.select', { name })} />
      </td>
      <td><Link to={`/contacts/${contact.id}`}>{name}</Link>{contact.jobTitle && <div className="muted">{contact.jobTitle}</div>}</td>
      <td className={styles.ellipsis}>{contact.email}</td>
      <td className={`${styles.wide} nowrap`}>{formatPhone(contact.phone, format.locale)}</td>
      <td className={styles.wide}>{contact.companyId && <Link to={`/companies/${contact.companyId}`}>{companyName ?? '…'}</Link>}</td>
      <td>{contact.lifecycleStage && <Badge tone={stageTone(contact.lifecycleStage)}>{t(`lifecycle.${contact.lifecycleStage}`, { defaultValue: contact.lifecycleStage })}</Badge>}</td>
      <td className="nowrap">{contact.ownerId ? userName(contact.ownerId) : <span className="muted">{t('record.sharedPool')}</span>}</td>
      <td className={`${styles.wide} nowrap`}>{format.date(contact.updatedAt)}</td>
    </tr>
  );
}

function ContactCard({ contact, selected, onToggle }: { contact: Contact; selected: boolean; onToggle(): void }) {
  const { t } = useTranslation('contacts');
  const name = fullName(contact);
  return (
    <li className={`card ${styles.card}`} data-selected={selected || undefined}>
      <input type="checkbox" checked={selected} onChange={onToggle} aria-label={t('bulk.select', { name })} />
      <div className="grow">
        <Link to={`/contacts/${contact.id}`}><strong>{name}</strong></Link>
        <div className="muted">{[contact.jobTitle, contact.email].filter(Boolean).join(' · ')}</div>
      </div>
      {contact.lifecycleStage && <Badge tone={stageTone(contact.lifecycleStage)}>{t(`lifecycle.${contact.lifecycleStage}`, { defaultValue: contact.lifecycleStage })}</Badge>}
    </li>
  );
}
