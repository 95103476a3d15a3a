import { describe, expect, it } from 'vitest';
import { formatters } from '@/i18n/format';
import { describeNotification } from './describe';

const t = (key: string, options?: Record<string, unknown>) => `${key}${options ? JSON.stringify(options) : ''}`;
const format = formatters('en-US', 'UTC');
const userName = (id: string) => (id === 'maria' ? 'Maria Garcia' : id);

describe('describeNotification', () => {
  it('words the kinds it knows from their facts, in the person\'s language', () => {
    const text = describeNotification({
      type: 'task_assigned', title: 'Task assigned to you: Call Ada', body: 'Due 2026-12-08T10:00:00Z',
      data: { title: 'Call Ada', dueAt: '2026-12-08T10:00:00Z', assignedBy: 'maria' },
    }, t, format, userName);

    expect(text.title).toBe('kind.task_assigned{"title":"Call Ada"}');
    expect(text.body).toBe('due{"at":"Dec 8, 2026, 10:00 AM"} · assignedBy{"name":"Maria Garcia"}');
  });

  it('shows money of closed deals in the locale and the owner of a team deal', () => {
    const text = describeNotification({
      type: 'team_deal_won', title: 'Deal won by Ada: Big (1000 EUR)',
      data: { title: 'Big', amount: '1000', currency: 'EUR', ownerId: 'maria' },
    }, t, format, userName);
    expect(text.title).toBe('kind.team_deal_won{"title":"Big (€1,000.00)","name":"Maria Garcia"}');
  });

  it('keeps the service\'s own words for kinds it does not know or facts it lacks', () => {
    expect(describeNotification({ type: 'automation', title: 'Follow up on the lead', body: 'Rule: New leads' }, t, format, userName))
      .toEqual({ title: 'Follow up on the lead', body: 'Rule: New leads' });
    expect(describeNotification({ type: 'task_reminder', title: 'Reminder: a task', body: 'No due date', data: {} }, t, format, userName))
      .toEqual({ title: 'Reminder: a task', body: 'No due date' });
  });
});
