import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DuplicateCandidate } from '../api';
import styles from './record.module.css';

/**
 * The contacts a 409 `possible-duplicate` names (only those the person may see; `hidden` says others match too),
 * each a link to open it, with the choices the caller offers (create or save anyway, merge).
 */
export function DuplicateCandidates({
  candidates, hidden, children, renderActions, basePath = '/contacts',
}: {
  candidates: DuplicateCandidate[];
  hidden: boolean;
  basePath?: string;
  children?: ReactNode;
  renderActions?(candidate: DuplicateCandidate): ReactNode;
}) {
  const { t } = useTranslation('contacts');
  return (
    <div className={styles.duplicates} role="alert">
      <strong>{t('duplicates.title')}</strong>
      {candidates.length > 0 && (
        <ul>
          {candidates.map((candidate) => (
            <li key={candidate.id}>
              <Link to={`${basePath}/${candidate.id}`}>{candidate.name || candidate.id}</Link>{' '}
              <span className="muted">
                {t('duplicates.matchedOn', {
                  field: t(`duplicates.on.${candidate.matchedOn ?? 'email'}`, { defaultValue: candidate.matchedOn ?? '' }),
                  value: candidate.value ?? '',
                })}
              </span>
              {renderActions?.(candidate)}
            </li>
          ))}
        </ul>
      )}
      {hidden && <p className="muted">{t('duplicates.hidden')}</p>}
      {children && <div className="row">{children}</div>}
    </div>
  );
}
