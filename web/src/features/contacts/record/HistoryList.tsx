import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import { EmptyState, ProblemView, Spinner } from '@/ui';
import { useHistory, type ObjectType } from '../api';
import { sameValue } from './conflict';
import styles from './record.module.css';

/** Who changed what and when, newest first: one entry per change, each changed field from → to. */
export function HistoryList({
  type, id, describe,
}: {
  type: ObjectType;
  id: string;
  describe: { label(field: string): string; value(field: string, value: unknown): ReactNode };
}) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const userName = useUserName();
  const history = useHistory(type, id);
  if (history.isError) return <ProblemView error={history.error} onRetry={() => void history.refetch()} compact />;
  if (history.isPending) return <Spinner label={t('common:app.loading')} />;
  const items = history.data.items ?? [];
  if (items.length === 0) return <EmptyState title={t('history.empty')} />;
  const actor = (value: string | undefined) => {
    if (!value) return t('history.unknown');
    if (value.startsWith('client:')) return t('history.client', { client: value.slice('client:'.length) });
    if (value.startsWith('system:')) return t('history.system');
    return userName(value);
  };
  const show = (field: string, value: unknown) => {
    const shown = value === null || value === undefined || value === '' ? '' : describe.value(field, value);
    return shown === '' || shown === null ? <span className="muted">{t('record.empty')}</span> : shown;
  };
  return (
    <ol className={styles.history}>
      {items.map((entry) => {
        const kind = historyType(entry.type);
        // an empty list or object replaced by another empty one is no change a person would notice
        const changes = (entry.changes ?? []).filter((change) => !sameValue(change.from, change.to));
        return (
        <li key={entry.eventId ?? `${entry.version}`} className={styles.historyEntry}>
          <div className={styles.entryHead}>
            <strong>{actor(entry.actor)}</strong>
            <span>{t(`history.type.${kind}`, { defaultValue: t('history.type.updated') })}</span>
            <time className="muted" dateTime={entry.at} title={format.dateTime(entry.at)}>{entry.at ? format.relative(entry.at) : ''}</time>
          </div>
          {changes.length > 0 && (
            <dl className={styles.changes}>
              {changes.map((change, index) => (
                <div key={`${change.field}-${index}`} className={styles.change}>
                  <dt>{describe.label(change.field ?? '')}</dt>
                  <dd>
                    {kind !== 'created' && (
                      <>
                        <span className={styles.from}>{show(change.field ?? '', change.from)}</span>
                        <span aria-hidden="true"> → </span>
                        <span className="visually-hidden"> {t('history.to')} </span>
                      </>
                    )}
                    <span>{show(change.field ?? '', change.to)}</span>
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </li>
        );
      })}
    </ol>
  );
}

/** `pulse.contact.updated.v1` → `updated`. */
function historyType(type: string | undefined): string {
  const parts = (type ?? '').split('.');
  return parts.length >= 2 ? (parts[parts.length - 2] ?? 'updated') : 'updated';
}
