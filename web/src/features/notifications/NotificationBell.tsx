import { Bell } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The bell in the top bar (the notifications feature adds the unread count and live updates). */
export function NotificationBell() {
  const { t } = useTranslation();
  return (
    <Link to="/notifications" aria-label={t('nav.notifications')} className="row">
      <Bell size={18} aria-hidden />
    </Link>
  );
}
