import { Plus } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import { Button, ExportButton, PageHeader } from '@/ui';
import { useCompanyList, useCustomFields } from '@/features/contacts/api';
import { ListBody, ListToolbar } from '@/features/contacts/ListParts';
import { COMPANY_FILTER_KEYS, countFilters, filtersFromParams, toSearchParams, type ListFilters } from '@/features/contacts/filters';
import { useListSearch } from '@/features/contacts/useListHelpers';
import { exportCompanies } from '@/features/imports/exports';
import { CreateCompanyDialog } from './CreateCompanyDialog';
import styles from '@/features/contacts/contacts.module.css';

/** Companies: search by name or domain as you type, owner and custom field filters, order, infinite scroll. */
export function CompaniesPage() {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const userName = useUserName();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params, COMPANY_FILTER_KEYS), [params]);
  const definitions = useCustomFields('company');
  const customDefinitions = definitions.data ?? [];
  const [creating, setCreating] = useState(false);
  const apply = (next: ListFilters) => setParams(toSearchParams(next), { replace: true });

  const [searchText, setSearchText] = useListSearch(filters, apply);

  const list = useCompanyList(filters);
  const companies = list.data?.pages.flatMap((page) => page.items ?? []) ?? [];
  const filtered = !!filters.q?.trim() || countFilters(filters) > 0;

  return (
    <>
      <PageHeader
        title={t('company.title')}
        actions={
          <>
            <ExportButton onExport={() => exportCompanies(filters, customDefinitions, userName)} />
            <Button variant="primary" onClick={() => setCreating(true)}><Plus size={16} aria-hidden /> {t('company.create')}</Button>
          </>
        }
      />
      <ListToolbar
        searchText={searchText}
        onSearch={setSearchText}
        searchLabel={t('company.search')}
        filters={filters}
        apply={apply}
        definitions={customDefinitions}
        set="company"
        busy={list.isFetching && !list.isFetchingNextPage}
      />
      <ListBody
        list={list}
        empty={companies.length === 0}
        emptyTitle={filtered ? t('common:list.noMatches') : t('company.empty')}
        onCreate={() => setCreating(true)}
        createLabel={t('company.create')}
      >
        <>
          <div className={`card ${styles.tableWrap}`}>
            <table className={styles.table}>
              <caption className="visually-hidden">{t('company.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('companyField.name')}</th>
                  <th scope="col">{t('companyField.domain')}</th>
                  <th scope="col" className={styles.wide}>{t('companyField.industry')}</th>
                  <th scope="col" className={styles.wide}>{t('companyField.size')}</th>
                  <th scope="col">{t('field.owner')}</th>
                  <th scope="col" className={styles.wide}>{t('field.updatedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {companies.map((company) => (
                  <tr key={company.id}>
                    <td><Link to={`/companies/${company.id}`}>{company.name}</Link></td>
                    <td className={styles.ellipsis}>{company.domain}</td>
                    <td className={styles.wide}>{company.industry}</td>
                    <td className={`${styles.wide} nowrap`}>{company.size}</td>
                    <td className="nowrap">{company.ownerId ? userName(company.ownerId) : <span className="muted">{t('record.sharedPool')}</span>}</td>
                    <td className={`${styles.wide} nowrap`}>{format.date(company.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className={styles.cards} aria-label={t('company.title')}>
            {companies.map((company) => (
              <li key={company.id} className={`card ${styles.card}`}>
                <div className="grow">
                  <Link to={`/companies/${company.id}`}><strong>{company.name}</strong></Link>
                  <div className="muted">{[company.domain, company.industry].filter(Boolean).join(' · ')}</div>
                </div>
              </li>
            ))}
          </ul>
        </>
      </ListBody>
      {creating && <CreateCompanyDialog onClose={() => setCreating(false)} initialName={filters.q ?? ''} />}
    </>
  );
}
