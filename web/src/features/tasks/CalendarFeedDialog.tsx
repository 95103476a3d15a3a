import { Copy } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, inputClass, ProblemView, toast } from '@/ui';
import { useIssueCalendarFeed } from './api';
import styles from './Tasks.module.css';

/**
 * The person's calendar feed (iCalendar): a secret link their calendar app subscribes to. Issuing it again makes a new
 * link and stops the old one, which is also how a leaked link is revoked.
 */
export function CalendarFeedDialog({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const { t } = useTranslation('tasks');
  const issue = useIssueCalendarFeed();
  const [url, setUrl] = useState<string>();

  const get = () => issue.mutate(undefined, { onSuccess: (feed) => setUrl(new URL(feed.url ?? '', window.location.origin).toString()) });
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      toast({ tone: 'success', title: t('feed.copied') });
    } catch {
      toast({ tone: 'error', title: t('feed.copyFailed') });
    }
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t('feed.title')} description={t('feed.description')}
      footer={<Button onClick={() => onOpenChange(false)}>{t('common:action.close')}</Button>}>
      <div className="stack">
        {url ? (
          <>
            <label className="stack">
              <span>{t('feed.link')}</span>
              <input className={`${inputClass} ${styles.feedUrl}`} readOnly value={url} onFocus={(event) => event.target.select()} />
            </label>
            <div className="row">
              <Button variant="primary" onClick={() => void copy()}><Copy size={15} aria-hidden /> {t('feed.copy')}</Button>
              <Button onClick={get} busy={issue.isPending}>{t('feed.rotate')}</Button>
            </div>
            <p className="muted">{t('feed.rotateHint')}</p>
          </>
        ) : (
          <div className="row">
            <Button variant="primary" onClick={get} busy={issue.isPending}>{t('feed.get')}</Button>
          </div>
        )}
        {issue.error && <ProblemView error={issue.error} compact onRetry={get} />}
      </div>
    </Dialog>
  );
}
