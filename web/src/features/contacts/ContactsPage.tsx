import { useDeferredValue } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import { Button, EmptyState, inputClass, PageHeader, ProblemView, Spinner } from '@/ui';
import { useContactList } from './api';
import styles from './ContactsPage.module.css';

export function ContactsPage() {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const userName = useUserName();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const deferredQ = useDeferredValue(q.trim());
  const list = useContactList({ q: deferredQ || undefined });
  const contacts = list.data?.pages.flatMap((page) => page.items ?? []) ?? [];

  return (
    <>
      <PageHeader title={t('title')} />
      <div className={styles.toolbar}>
        <input
          className={inputClass}
          type="search"
          aria-label={t('search')}
          placeholder={t('search')}
          value={q}
          onChange={(event) => setParams(event.target.value ? { q: event.target.value } : {}, { replace: true })}
        />
        {list.isFetching && <Spinner label={t('common:app.loading')} />}
      </div>
      {list.isError ? (
        <ProblemView error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Spinner label={t('common:app.loading')} />
      ) : contacts.length === 0 ? (
        <EmptyState title={q ? t('common:list.noMatches') : t('common:list.empty')} />
      ) : (
        <div className={`card ${styles.tableWrap}`}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">{t('field.name')}</th>
                <th scope="col">{t('field.email')}</th>
                <th scope="col">{t('field.lifecycleStage')}</th>
                <th scope="col">{t('field.owner')}</th>
                <th scope="col">{t('field.updatedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((contact) => (
                <tr key={contact.id}>
                  <td>
                    <Link to={`/contacts/${contact.id}`}>{[contact.firstName, contact.lastName].filter(Boolean).join(' ')}</Link>
                  </td>
                  <td>{contact.email}</td>
                  <td>{contact.lifecycleStage ? t(`lifecycle.${contact.lifecycleStage}`, { defaultValue: contact.lifecycleStage }) : ''}</td>
                  <td>{userName(contact.ownerId)}</td>
                  <td className="nowrap">{format.date(contact.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <div className={styles.more}>
          <Button onClick={() => void list.fetchNextPage()} busy={list.isFetchingNextPage}>
            {t('common:action.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}
