import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { EmptyState, ProblemView } from '@/ui';

/** A page that failed to load or render: the rest of the app stays usable. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  return (
    <div className="stack">
      <ProblemView error={error} onRetry={() => window.location.reload()} />
      <Link to="/">{t('nav.home')}</Link>
    </div>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <EmptyState title={t('problem.pageNotFound')}>
      <Link to="/">{t('nav.home')}</Link>
    </EmptyState>
  );
}
