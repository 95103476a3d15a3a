import { Workflow } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useHasRole } from '@/auth/AuthContext';

/** For record pages: managers and admins open the automation runs about this record (reps have no automation). */
export function AutomationRunsLink({ type, id }: { type: 'deal' | 'contact' | 'company'; id: string }) {
  const { t } = useTranslation('automation');
  const allowed = useHasRole('manager', 'admin');
  if (!allowed) return null;
  return (
    <Link to={`/automation/runs?recordType=${type}&recordId=${encodeURIComponent(id)}`} className="row">
      <Workflow size={14} aria-hidden /> {t('runs.forRecord')}
    </Link>
  );
}
