import { ArrowLeft } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useHasRole } from '@/auth/AuthContext';
import { RecordLink } from '@/features/tasks/related';
import { PageHeader } from '@/ui';
import { NotAllowed } from './NotAllowed';
import { RunLog } from './RunLog';
import styles from './automation.module.css';

/** `/automation/runs?recordId=&recordType=&status=`: every rule's runs about one record (or all runs), newest first. */
export function RunsPage() {
  const { t } = useTranslation('automation');
  const allowed = useHasRole('manager', 'admin');
  const [search, setSearch] = useSearchParams();
  if (!allowed) return <NotAllowed />;
  const recordId = search.get('recordId') ?? undefined;
  const recordType = search.get('recordType');
  const status = search.get('status') ?? undefined;
  return (
    <div className={styles.page}>
      <PageHeader
        title={recordId ? t('runs.recordTitle') : t('runs.allTitle')}
        subtitle={
          <span className={styles.row}>
            <Link to="/automation" className={styles.back}><ArrowLeft size={14} aria-hidden /> {t('rules.title')}</Link>
            {recordId && (recordType === 'deal' || recordType === 'contact' || recordType === 'company') && <RecordLink type={recordType} id={recordId} />}
          </span>
        }
      />
      <RunLog filter={{ recordId, status }} showRule onStatus={(next) => {
        const params = new URLSearchParams(search);
        if (next) params.set('status', next); else params.delete('status');
        setSearch(params, { replace: true });
      }} />
    </div>
  );
}
