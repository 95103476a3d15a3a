import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeProblem } from '@/ui';
import { Button, Field } from '@/ui';
import type { Deal } from './api';
import styles from './deals.module.css';
import { ContactPicker, RoleSelect } from './pickers';
import type { PatchLabels, SaveOutcome } from './useDealSave';

type Save = (base: Deal, patch: Record<string, unknown>, labels?: PatchLabels) => Promise<SaveOutcome>;

/**
 * The people in the deal and the part each plays (decision maker, champion, ...): change a role, take someone off,
 * add someone. The service keeps the list as a whole, so every change sends the whole list with the deal's version.
 */
export function DealContacts({ deal, save }: { deal: Deal; save: Save }) {
  const { t } = useTranslation('deals');
  const { t: common } = useTranslation();
  const [adding, setAdding] = useState({ id: '', name: '', role: 'decision_maker' });
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | null>(null);
  const contacts = deal.contacts ?? [];
  const plain = contacts.map(({ contactId, role }) => ({ contactId, role }));

  const change = async (key: string, next: { contactId?: string; role?: string }[], label: string) => {
    setBusy(key);
    setError(undefined);
    const outcome = await save(deal, { contacts: next }, { contacts: label });
    setBusy(null);
    if (!outcome.saved && 'problem' in outcome) {
      const problem = outcome.problem;
      setError(problem.errors.length > 0 ? problem.errors.map((e) => e.message).join(' ') : describeProblem(problem, common).title);
      return false;
    }
    return outcome.saved;
  };
  const names = (list: { contactId?: string }[], extra?: { id: string; name: string }) => list
    .map((c) => extra && c.contactId === extra.id ? extra.name : contacts.find((known) => known.contactId === c.contactId)?.name ?? c.contactId)
    .join(', ');

  return (
    <section className="card" aria-labelledby="deal-contacts">
      <h2 id="deal-contacts" className={styles.panelTitle}>{t('deal.contacts')}</h2>
      {contacts.length === 0 && <p className={styles.panelEmpty}>{t('deal.noContacts')}</p>}
      <ul className={styles.contactList}>
        {contacts.map((contact, index) => (
          <li key={contact.contactId}>
            <div className="grow">
              <Link to={`/contacts/${contact.contactId}`}>{contact.name ?? t('deal.unknownContact')}</Link>
              {contact.email && <div className="muted">{contact.email}</div>}
            </div>
            <RoleSelect aria-label={t('deal.roleOf', { name: contact.name ?? contact.contactId })} value={contact.role ?? 'other'}
              disabled={busy !== null}
              onChange={(event) => {
                const next = plain.map((c, i) => (i === index ? { ...c, role: event.target.value } : c));
                void change(`role-${contact.contactId}`, next, names(next));
              }} />
            <Button size="sm" variant="ghost" aria-label={t('deal.removeContact', { name: contact.name ?? contact.contactId })}
              busy={busy === `remove-${contact.contactId}`}
              onClick={() => {
                const next = plain.filter((_, i) => i !== index);
                void change(`remove-${contact.contactId}`, next, names(next));
              }}>
              <Trash2 size={14} aria-hidden />
            </Button>
          </li>
        ))}
      </ul>
      <form className={styles.addContact} onSubmit={(event) => {
        event.preventDefault();
        if (!adding.id) {
          setError(t('deal.pickContact'));
          return;
        }
        const next = [...plain, { contactId: adding.id, role: adding.role }];
        void change('add', next, names(next, adding)).then((ok) => ok && setAdding({ id: '', name: '', role: adding.role }));
      }}>
        <Field label={t('deal.addContact')} error={error}>
          <ContactPicker selectedLabel={adding.name}
            onSelect={(option) => setAdding({ ...adding, id: option?.id ?? '', name: option?.label ?? '' })} />
        </Field>
        <Field label={t('field.role')}>
          <RoleSelect value={adding.role} onChange={(event) => setAdding({ ...adding, role: event.target.value })} />
        </Field>
        <Button type="submit" busy={busy === 'add'}><Plus size={14} aria-hidden /> {t('deal.add')}</Button>
      </form>
    </section>
  );
}
