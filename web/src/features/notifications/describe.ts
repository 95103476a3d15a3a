import type { Formatters } from '@/i18n/format';
import type { Notification } from './api';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A notification in the person's language. The service writes its title and body in English for email and partners,
 * and keeps the facts in `data`; the app words the kinds it knows from those facts, and shows the service's text for
 * the others (automation rules write their own).
 */
export function describeNotification(
  notification: Notification,
  t: Translate,
  format: Formatters,
  userName: (id: string) => string,
): { title: string; body: string } {
  const data = (notification.data ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  const fallback = { title: notification.title ?? '', body: notification.body ?? '' };
  const title = text('title');
  const due = text('dueAt');
  const dueText = due ? t('due', { at: format.dateTime(due) }) : t('noDue');
  switch (notification.type) {
    case 'task_assigned': {
      if (!title) return fallback;
      const by = text('assignedBy');
      return { title: t('kind.task_assigned', { title }), body: by ? `${dueText} · ${t('assignedBy', { name: userName(by) })}` : dueText };
    }
    case 'task_reminder':
      return title ? { title: t('kind.task_reminder', { title }), body: dueText } : fallback;
    case 'task_overdue':
      return title ? { title: t('kind.task_overdue', { title }), body: due ? t('wasDue', { at: format.dateTime(due) }) : '' } : fallback;
    case 'task_overdue_report': {
      const assignee = text('assigneeId');
      return title && assignee
        ? { title: t('kind.task_overdue_report', { title, name: userName(assignee) }), body: due ? t('wasDue', { at: format.dateTime(due) }) : '' }
        : fallback;
    }
    case 'deal_won':
    case 'deal_lost':
    case 'team_deal_won':
    case 'team_deal_lost': {
      if (!title) return fallback;
      const amount = text('amount');
      const money = amount ? ` (${format.money(amount, text('currency'))})` : '';
      const owner = text('ownerId');
      const reason = text('reason');
      return {
        title: t(`kind.${notification.type}`, { title: title + money, name: owner ? userName(owner) : '' }),
        body: reason ? t('reason', { reason }) : notification.type === 'deal_won' ? t('congratulations') : '',
      };
    }
    default:
      return fallback;
  }
}
