import { Archive, CheckCheck, Mail, MailOpen } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import { Button, EmptyState, PageHeader, ProblemView, Spinner } from '@/ui';
import { subjectPath, useInbox, useNotificationAction, useReadAll, type InboxView, type Notification } from './api';
import { describeNotification } from './describe';
import styles from './Notifications.module.css';

const VIEWS: InboxView[] = ['unread', 'all', 'archived'];

/** The inbox: unread, everything, archived; open the record a notification is about (which marks it read). */
export function InboxPage() {
  const { t } = useTranslation('notifications');
  const [params] = useSearchParams();
  const view = (VIEWS.find((v) => v === params.get('view')) ?? 'unread') as InboxView;
  const inbox = useInbox(view);
  const readAll = useReadAll();
  const items = inbox.data?.pages.flatMap((page) => page.items ?? []) ?? [];

  return (
    <>
      <PageHeader
        title={t('inbox.title')}
        actions={
          <Button onClick={() => readAll.mutate()} busy={readAll.isPending}>
            <CheckCheck size={15} aria-hidden /> {t('inbox.readAll')}
          </Button>
        }
      />
      <nav className={styles.tabs} aria-label={t('inbox.views')}>
        {VIEWS.map((v) => (
          <Link key={v} to={v === 'unread' ? '/notifications' : `/notifications?view=${v}`} className={styles.tab}
            aria-current={v === view ? 'page' : undefined}>
            {t(`inbox.view.${v}`)}
          </Link>
        ))}
      </nav>
      {readAll.error && <ProblemView error={readAll.error} compact onRetry={() => readAll.mutate()} />}
      {inbox.isError ? (
        <ProblemView error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : inbox.isPending ? (
        <Spinner label={t('common:app.loading')} />
      ) : items.length === 0 ? (
        <EmptyState title={t(`inbox.empty.${view}`)} />
      ) : (
        <ul className={`card ${styles.list}`} aria-label={t(`inbox.view.${view}`)}>
          {items.map((item) => <InboxItem key={item.id} notification={item} />)}
        </ul>
      )}
      {inbox.hasNextPage && (
        <div className={styles.more}>
          <Button onClick={() => void inbox.fetchNextPage()} busy={inbox.isFetchingNextPage}>{t('common:action.loadMore')}</Button>
        </div>
      )}
    </>
  );
}

function InboxItem({ notification }: { notification: Notification }) {
  const { t } = useTranslation('notifications');
  const format = useFormat();
  const userName = useUserName();
  const navigate = useNavigate();
  const act = useNotificationAction();
  const text = describeNotification(notification, t, format, userName);
  const path = subjectPath(notification);
  const id = notification.id as string;
  const unread = !notification.read;

  const open = () => {
    if (unread) act.mutate({ id, action: 'read' });
    if (path) navigate(path);
  };

  return (
    <li className={[styles.item, unread ? styles.unread : ''].join(' ')}>
      <span className={styles.dot} aria-hidden="true" />
      <div className={styles.content}>
        {path ? (
          <a href={path} className={styles.title} onClick={(event) => { event.preventDefault(); open(); }}>
            {unread && <span className="visually-hidden">{t('inbox.unreadMark')} </span>}{text.title}
          </a>
        ) : (
          <span className={styles.title}>{unread && <span className="visually-hidden">{t('inbox.unreadMark')} </span>}{text.title}</span>
        )}
        {text.body && <span className={styles.body}>{text.body}</span>}
        <time className={styles.when} dateTime={notification.createdAt} title={format.dateTime(notification.createdAt)}>
          {notification.createdAt ? format.relative(notification.createdAt) : ''}
        </time>
        {act.error && <ProblemView error={act.error} compact />}
      </div>
      <div className={styles.actions}>
        {unread ? (
          <Button size="sm" variant="ghost" onClick={() => act.mutate({ id, action: 'read' })} aria-label={t('inbox.markReadNamed', { title: text.title })}>
            <MailOpen size={14} aria-hidden /> {t('inbox.markRead')}
          </Button>
        ) : (
          <Button size="sm" variant="ghost" onClick={() => act.mutate({ id, action: 'unread' })} aria-label={t('inbox.markUnreadNamed', { title: text.title })}>
            <Mail size={14} aria-hidden /> {t('inbox.markUnread')}
          </Button>
        )}
        {!notification.archived && (
          <Button size="sm" variant="ghost" onClick={() => act.mutate({ id, action: 'archive' })} aria-label={t('inbox.archiveNamed', { title: text.title })}>
            <Archive size={14} aria-hidden /> {t('inbox.archive')}
          </Button>
        )}
      </div>
    </li>
  );
}
