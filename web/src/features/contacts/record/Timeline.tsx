import { CalendarClock, CheckCircle2, Handshake, Mail, MessageSquareText, Paperclip, Phone, Sparkles } from 'lucide-react';
import { useState, type ComponentType, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUserName } from '@/api/users';
import { isProblem, splitFieldErrors } from '@/api/problem';
import { useSubmissionKey } from '@/api/idempotency';
import { useFormat } from '@/i18n/format';
import { Button, EmptyState, Field, inputClass, ProblemView, Select, Spinner } from '@/ui';
import { ACTIVITY_TYPES, useLogActivity, useTimeline, type Activity, type ActivityInput, type ObjectType } from '../api';
import styles from './record.module.css';

type ActivityType = (typeof ACTIVITY_TYPES)[number];

const ICONS: Record<string, ComponentType<{ size?: number; 'aria-hidden'?: boolean }>> = {
  call: Phone,
  note: MessageSquareText,
  meeting: CalendarClock,
  email: Mail,
  task_completed: CheckCircle2,
  file_attached: Paperclip,
  file_removed: Paperclip,
};

/** A record's timeline, newest first, a page at a time; on a contact, with the form to log what happened. */
export function Timeline({ type, id }: { type: ObjectType; id: string }) {
  const { t } = useTranslation('contacts');
  const timeline = useTimeline(type, id);
  const entries = timeline.data?.pages.flatMap((page) => page.items ?? []) ?? [];
  return (
    <div className="stack">
      {type === 'contact' ? <ActivityComposer contactId={id} /> : <p className="muted">{t('timeline.companyHint')}</p>}
      {timeline.isError ? (
        <ProblemView error={timeline.error} onRetry={() => void timeline.refetch()} compact />
      ) : timeline.isPending ? (
        <Spinner label={t('common:app.loading')} />
      ) : entries.length === 0 ? (
        <EmptyState title={t('timeline.empty')} />
      ) : (
        <ol className={styles.timeline} aria-label={t('timeline.title')}>
          {entries.map((entry) => <TimelineEntry key={entry.id} entry={entry} />)}
        </ol>
      )}
      {timeline.hasNextPage && (
        <Button size="sm" onClick={() => void timeline.fetchNextPage()} busy={timeline.isFetchingNextPage}>
          {t('common:action.loadMore')}
        </Button>
      )}
    </div>
  );
}

function TimelineEntry({ entry }: { entry: Activity }) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const userName = useUserName();
  const kind = entry.type ?? 'note';
  const Icon = ICONS[kind] ?? (kind.startsWith('deal_') ? Handshake : Sparkles);
  const details: string[] = [];
  if (entry.direction) details.push(t(`timeline.direction.${entry.direction}`, { defaultValue: entry.direction }));
  if (entry.durationSeconds) details.push(t('timeline.minutes', { count: Math.max(1, Math.round(entry.durationSeconds / 60)) }));
  if (entry.outcome) details.push(entry.outcome);
  if (entry.location) details.push(entry.location);
  return (
    <li className={styles.entry} data-type={kind}>
      <span className={styles.entryIcon} aria-hidden="true"><Icon size={16} aria-hidden /></span>
      <div className={styles.entryBody}>
        <div className={styles.entryHead}>
          <strong>{t(`timeline.type.${kind}`, { defaultValue: kind })}</strong>
          {entry.subject && (
            kind.startsWith('deal_') && entry.sourceId
              ? <Link to={`/deals/${entry.sourceId}`}>{entry.subject}</Link>
              : <span>{entry.subject}</span>
          )}
          <time className="muted" dateTime={entry.occurredAt} title={format.dateTime(entry.occurredAt)}>
            {entry.occurredAt ? format.relative(entry.occurredAt) : ''}
          </time>
        </div>
        {(details.length > 0 || entry.loggedBy) && (
          <div className="muted">
            {[...details, ...(entry.loggedBy ? [t('timeline.loggedBy', { name: userName(entry.loggedBy) })] : []),
              ...(entry.sourceType === 'import' ? [t('timeline.imported')] : [])].join(' · ')}
          </div>
        )}
        {entry.body && <p className={styles.entryText}>{entry.body}</p>}
        {entry.recordingUrl && (
          <a href={entry.recordingUrl} target="_blank" rel="noreferrer noopener">{t('timeline.recording')}</a>
        )}
      </div>
    </li>
  );
}

interface Draft {
  type: ActivityType;
  subject: string;
  body: string;
  occurredAt: string;
  direction: string;
  minutes: string;
  outcome: string;
  location: string;
}

const EMPTY: Draft = { type: 'call', subject: '', body: '', occurredAt: '', direction: 'outbound', minutes: '', outcome: '', location: '' };
const FIELDS = ['type', 'subject', 'body', 'occurredAt', 'direction', 'durationSeconds', 'outcome', 'location', 'endsAt'];

/**
 * Logs a call, note, meeting or email on a contact's timeline. Only the fields of the chosen type are sent; a refused
 * entry keeps what was typed, with the reasons beside the fields. One Idempotency-Key per entry, so a retry after a
 * network failure does not log it twice.
 */
export function ActivityComposer({ contactId }: { contactId: string }) {
  const { t } = useTranslation('contacts');
  const log = useLogActivity(contactId);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const key = useSubmissionKey();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<string[]>([]);
  // the details of an entry (when, direction, duration...) open once the person starts on one: a quiet page until then
  const [expanded, setExpanded] = useState(false);
  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const minutes = draft.minutes.trim() === '' ? undefined : Number(draft.minutes.replace(',', '.'));
    if (minutes !== undefined && (!Number.isFinite(minutes) || minutes < 0)) {
      setErrors({ durationSeconds: t('timeline.minutesInvalid') });
      return;
    }
    const input: ActivityInput = { type: draft.type };
    if (draft.subject.trim()) input.subject = draft.subject.trim();
    if (draft.body.trim()) input.body = draft.body;
    if (draft.occurredAt) input.occurredAt = new Date(draft.occurredAt).toISOString();
    if ((draft.type === 'call' || draft.type === 'email') && draft.direction) input.direction = draft.direction;
    if (draft.type === 'call' && minutes !== undefined) input.durationSeconds = Math.round(minutes * 60);
    if ((draft.type === 'call' || draft.type === 'meeting') && draft.outcome.trim()) input.outcome = draft.outcome.trim();
    if (draft.type === 'meeting' && draft.location.trim()) input.location = draft.location.trim();
    try {
      await log.mutateAsync({ input, key: key.headers });
      setDraft({ ...EMPTY, type: draft.type });
      setExpanded(false);
      key.renew();
      setErrors({});
      setOther([]);
    } catch (error) {
      key.settled(error);
      if (isProblem(error) && error.errors.length > 0) {
        const split = splitFieldErrors(error, FIELDS);
        setErrors(split.byField);
        setOther(split.other);
      } else {
        setErrors({});
        setOther([]);
      }
    }
  };

  const showsDirection = draft.type === 'call' || draft.type === 'email';
  return (
    <form className={`card ${styles.composer}`} onSubmit={(event) => void submit(event)} aria-label={t('timeline.log')}
      onFocus={() => setExpanded(true)}>
      <div className={styles.composerTypes} role="radiogroup" aria-label={t('timeline.kind')}>
        {ACTIVITY_TYPES.map((kind) => {
          const Icon = ICONS[kind] ?? Sparkles;
          return (
            <label key={kind} className={styles.typeChoice} data-checked={draft.type === kind || undefined}>
              <input type="radio" name="activity-type" value={kind} checked={draft.type === kind} onChange={() => set({ type: kind })} />
              <Icon size={14} aria-hidden /> {t(`timeline.type.${kind}`)}
            </label>
          );
        })}
      </div>
      <Field label={t('timeline.subject')} error={errors.subject}>
        <input className={inputClass} value={draft.subject} onChange={(e) => set({ subject: e.target.value })} />
      </Field>
      <Field label={draft.type === 'note' ? t('timeline.note') : t('timeline.body')} error={errors.body}>
        <textarea className={inputClass} rows={expanded ? 3 : 1} value={draft.body} onChange={(e) => set({ body: e.target.value })} />
      </Field>
      {(expanded || Object.keys(errors).length > 0) && (
      <div className={styles.composerGrid}>
        <Field label={t('timeline.occurredAt')} error={errors.occurredAt} hint={t('timeline.occurredAtHint')}>
          <input className={inputClass} type="datetime-local" value={draft.occurredAt} onChange={(e) => set({ occurredAt: e.target.value })} />
        </Field>
        {showsDirection && (
          <Field label={t('timeline.directionLabel')} error={errors.direction}>
            <Select value={draft.direction} onChange={(e) => set({ direction: e.target.value })}>
              <option value="outbound">{t('timeline.direction.outbound')}</option>
              <option value="inbound">{t('timeline.direction.inbound')}</option>
            </Select>
          </Field>
        )}
        {draft.type === 'call' && (
          <Field label={t('timeline.duration')} error={errors.durationSeconds}>
            <input className={inputClass} inputMode="decimal" value={draft.minutes} onChange={(e) => set({ minutes: e.target.value })} />
          </Field>
        )}
        {(draft.type === 'call' || draft.type === 'meeting') && (
          <Field label={t('timeline.outcome')} error={errors.outcome}>
            <input className={inputClass} value={draft.outcome} onChange={(e) => set({ outcome: e.target.value })} />
          </Field>
        )}
        {draft.type === 'meeting' && (
          <Field label={t('timeline.location')} error={errors.location}>
            <input className={inputClass} value={draft.location} onChange={(e) => set({ location: e.target.value })} />
          </Field>
        )}
      </div>
      )}
      {log.isError && (other.length > 0 || !isProblem(log.error) || log.error.errors.length === 0) && (
        <ProblemView error={log.error} compact />
      )}
      {other.length > 0 && <ul className={styles.otherErrors}>{other.map((message) => <li key={message}>{message}</li>)}</ul>}
      <div className="row">
        <Button type="submit" variant="primary" busy={log.isPending}>
          {t('timeline.logButton', { type: t(`timeline.type.${draft.type}`).toLowerCase() })}
        </Button>
      </div>
    </form>
  );
}
