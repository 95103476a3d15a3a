import { ShieldOff } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/ui';
import styles from './automation.module.css';

/** What a rep sees on an automation page (the API refuses them too: automation is configuration). */
export function NotAllowed() {
  const { t } = useTranslation('automation');
  return (
    <div className={styles.page} data-testid="not-allowed">
      <EmptyState title={<><ShieldOff size={18} aria-hidden /> {t('notAllowed.title')}</>}>{t('notAllowed.body')}</EmptyState>
    </div>
  );
}
