import { useTranslation } from 'react-i18next';
import { isProblem } from '@/api/problem';
import { Button } from './Button';
import styles from './ProblemView.module.css';

/** Says why a part of a screen could not be shown, and offers to try again when that may help. */
export function ProblemView({ error, onRetry, compact = false }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  const message = describeProblem(error, t);
  const retryable = !isProblem(error) || error.unavailable || error.status >= 500;
  return (
    <div className={[styles.problem, compact ? styles.compact : ''].join(' ')} role="alert">
      <div>
        <strong>{message.title}</strong>
        {message.detail && <p className={styles.detail}>{message.detail}</p>}
      </div>
      {onRetry && retryable && (
        <Button size="sm" onClick={onRetry}>
          {t('action.retry')}
        </Button>
      )}
    </div>
  );
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A problem in the person's words: unavailable services and missing records are common enough to phrase well. */
export function describeProblem(error: unknown, t: Translate): { title: string; detail?: string } {
  if (!isProblem(error)) {
    return { title: t('problem.unexpected'), detail: error instanceof Error ? error.message : undefined };
  }
  if (error.unavailable) {
    const service = error.service ? t(`service.${error.service}`, { defaultValue: error.service }) : undefined;
    return {
      title: service ? t('problem.serviceUnavailable', { service }) : t('problem.unavailable'),
      detail: t('problem.unavailableHint'),
    };
  }
  if (error.status === 404) return { title: t('problem.notFound'), detail: error.detail };
  if (error.status === 403) return { title: t('problem.forbidden'), detail: error.detail };
  return { title: error.title, detail: error.detail };
}
