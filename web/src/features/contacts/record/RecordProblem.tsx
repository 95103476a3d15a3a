import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isProblem } from '@/api/problem';
import { EmptyState, ProblemView } from '@/ui';

/** A contact that cannot be shown: missing and not visible read the same; a merged one points to where it lives on. */
export function RecordProblem({ error, onRetry, kind = 'contact' }: { error: unknown; onRetry(): void; kind?: 'contact' | 'company' }) {
  const { t } = useTranslation('contacts');
  const mergedInto = isProblem(error) && typeof error.body.mergedInto === 'string' ? error.body.mergedInto : undefined;
  if (isProblem(error) && error.status === 404) {
    return (
      <EmptyState title={t('record.notFound')}>
        {mergedInto ? (
          <p>
            {t('record.merged')} <Link to={`/contacts/${mergedInto}`}>{t('record.openSurvivor')}</Link>
          </p>
        ) : (
          <p>{t('record.notFoundHint')}</p>
        )}
        <Link to={kind === 'contact' ? '/contacts' : '/companies'}>{kind === 'contact' ? t('backToContacts') : t('company.backToCompanies')}</Link>
      </EmptyState>
    );
  }
  return <ProblemView error={error} onRetry={onRetry} />;
}

