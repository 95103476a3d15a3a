import { Bell, FileText, FormInput, GitBranch, ListPlus, Phone, Users, Webhook } from 'lucide-react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet } from 'react-router';
import { useHasRole } from '@/auth/AuthContext';
import { EmptyState } from '@/ui';
import styles from './settings.module.css';

interface Section {
  to: string;
  label: string;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
  admin: boolean;
}

const SECTIONS: Section[] = [
  { to: 'notifications', label: 'nav.notifications', icon: Bell, admin: false },
  { to: 'phone', label: 'nav.phone', icon: Phone, admin: false },
  { to: 'pipelines', label: 'nav.pipelines', icon: GitBranch, admin: true },
  { to: 'fields', label: 'nav.fields', icon: ListPlus, admin: true },
  { to: 'lead-forms', label: 'nav.leadForms', icon: FormInput, admin: true },
  { to: 'webhooks', label: 'nav.webhooks', icon: Webhook, admin: true },
  { to: 'document-templates', label: 'nav.documentTemplates', icon: FileText, admin: true },
  { to: 'users', label: 'nav.users', icon: Users, admin: true },
];

/** The settings frame: personal sections for everyone, the organisation's for admins only. */
export function SettingsLayout() {
  const { t } = useTranslation('settings');
  const isAdmin = useHasRole('admin');
  const personal = SECTIONS.filter((section) => !section.admin);
  const admin = SECTIONS.filter((section) => section.admin);
  const links = (sections: Section[]) => (
    <ul>
      {sections.map((section) => (
        <li key={section.to}>
          <NavLink to={section.to} className={({ isActive }) => (isActive ? styles.active : undefined)}>
            <section.icon size={16} aria-hidden /> {t(section.label)}
          </NavLink>
        </li>
      ))}
    </ul>
  );
  return (
    <div className={styles.layout}>
      <nav className={styles.sectionNav} aria-label={t('nav.label')}>
        <h2>{t('nav.personal')}</h2>
        {links(personal)}
        {isAdmin && (
          <>
            <h2>{t('nav.organisation')}</h2>
            {links(admin)}
          </>
        )}
      </nav>
      <div className={styles.page}>
        <Outlet />
      </div>
    </div>
  );
}

/** /settings: admins start with pipelines, everyone else with their own notifications. */
export function SettingsHome() {
  const isAdmin = useHasRole('admin');
  return <Navigate to={isAdmin ? 'pipelines' : 'notifications'} replace />;
}

/**
 * The admin sections: someone else who types their address sees why there is nothing here (the API refuses them too).
 */
export function AdminSection() {
  const { t } = useTranslation('settings');
  const isAdmin = useHasRole('admin');
  if (!isAdmin) {
    return (
      <div data-testid="not-allowed">
        <EmptyState title={t('notAllowed.title')}>{t('notAllowed.body')}</EmptyState>
      </div>
    );
  }
  return <Outlet />;
}
