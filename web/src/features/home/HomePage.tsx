import { useTranslation } from 'react-i18next';
import { useMe } from '@/auth/AuthContext';
import { PageHeader } from '@/ui';

/** The first page after signing in: what is due today (the tasks feature fills it). */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  return <PageHeader title={t('nav.home')} subtitle={me.name} />;
}
