import { useQuery } from '@tanstack/react-query';
import { Building2, Handshake, User } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '@/api/client';
import styles from './Tasks.module.css';

export type RecordType = 'contact' | 'company' | 'deal';

/** Where the app shows a record (the contacts and deals features own these pages). */
export function recordPath(type: string | undefined, id: string | undefined): string | undefined {
  if (!id) return undefined;
  switch (type) {
    case 'contact': return `/contacts/${id}`;
    case 'company': return `/companies/${id}`;
    case 'deal': return `/deals/${id}`;
    case 'task': return `/tasks/${id}`;
    default: return undefined;
  }
}

/**
 * A related record's name, for labels only. Names are kept apart from the records' own queries (key 'record-name', not
 * the record type), so that a live change of a contact does not refetch every name on the agenda; they are re-read
 * after a few minutes.
 */
export function useRecordName(type: RecordType, id: string | undefined) {
  return useQuery({
    queryKey: ['record-name', type, id],
    enabled: !!id,
    staleTime: 5 * 60_000,
    retry: false,
    queryFn: async ({ signal }): Promise<string> => {
      const path = { id: id as string };
      if (type === 'contact') {
        const contact = await call(api().contacts.GET('/api/contacts/{id}', { params: { path }, signal }));
        return [contact.firstName, contact.lastName].filter(Boolean).join(' ');
      }
      if (type === 'company') {
        return (await call(api().contacts.GET('/api/companies/{id}', { params: { path }, signal }))).name ?? '';
      }
      return (await call(api().deals.GET('/api/deals/{id}', { params: { path }, signal }))).title ?? '';
    },
  });
}

const ICONS = { contact: User, company: Building2, deal: Handshake } as const;

/** A link to a related record, named when the name could be read (else by its kind: it may be invisible to the person). */
export function RecordLink({ type, id }: { type: RecordType; id: string }) {
  const { t } = useTranslation('tasks');
  const name = useRecordName(type, id);
  const Icon = ICONS[type];
  return (
    <Link to={recordPath(type, id) as string} className={styles.related}>
      <Icon size={13} aria-hidden />
      <span>{name.data || t(`related.${type}`)}</span>
    </Link>
  );
}

export function RelatedLinks({ contactId, companyId, dealId }: { contactId?: string; companyId?: string; dealId?: string }) {
  if (!contactId && !companyId && !dealId) return null;
  return (
    <span className={styles.relatedList}>
      {contactId && <RecordLink type="contact" id={contactId} />}
      {companyId && <RecordLink type="company" id={companyId} />}
      {dealId && <RecordLink type="deal" id={dealId} />}
    </span>
  );
}
