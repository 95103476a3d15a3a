import { Bell } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUnreadCount } from './api';
import styles from './Notifications.module.css';

/** The bell in the top bar: the unread count, kept current by the live stream (LiveUpdates), leading to the inbox. */
export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const unread = useUnreadCount().data?.unread ?? 0;
  const label = unread > 0 ? t('bell.unread', { count: unread }) : t('bell.none');
  return (
    <Link to="/notifications" aria-label={label} title={label} className={styles.bell} data-unread={unread}>
      <Bell size={18} aria-hidden />
      {unread > 0 && <span className={styles.count} aria-hidden="true">{unread > 99 ? '99+' : unread}</span>}
    </Link>
  );
}
