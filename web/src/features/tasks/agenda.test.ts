import { describe, expect, it } from 'vitest';
import { byDue, dayName, daysBetween, groupByDay, localDay } from './agenda';

describe('localDay', () => {
  it('puts an instant on the calendar day of the zone it is looked at from', () => {
    const instant = '2026-12-07T23:30:00Z';
    expect(localDay(instant, 'UTC')).toBe('2026-12-07');
    expect(localDay(instant, 'Europe/Moscow')).toBe('2026-12-08');
    expect(localDay(instant, 'America/Los_Angeles')).toBe('2026-12-07');
    expect(localDay('2026-12-08T07:59:00Z', 'America/Los_Angeles')).toBe('2026-12-07');
  });

  it('follows daylight saving changes', () => {
    // Berlin moves to summer time on 29 March 2026: 23:30 UTC is 00:30 the next day before and 01:30 after
    expect(localDay('2026-03-28T23:30:00Z', 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDay('2026-03-29T22:30:00Z', 'Europe/Berlin')).toBe('2026-03-30');
    expect(localDay('2026-03-29T21:59:00Z', 'Europe/Berlin')).toBe('2026-03-29');
  });
});

describe('groupByDay', () => {
  const task = (id: string, dueAt?: string) => ({ id, dueAt });

  it('groups upcoming tasks by local day, in order of day and due time', () => {
    const groups = groupByDay([
      task('late-tuesday', '2026-12-08T21:00:00Z'),
      task('wednesday', '2026-12-09T09:00:00Z'),
      task('early-tuesday', '2026-12-08T07:00:00Z'),
      task('unscheduled'),
    ], 'Asia/Tbilisi');
    // 21:00 UTC on Tuesday is 01:00 on Wednesday in Tbilisi (UTC+4)
    expect(groups).toEqual([
      { day: '2026-12-08', tasks: [task('early-tuesday', '2026-12-08T07:00:00Z')] },
      { day: '2026-12-09', tasks: [task('late-tuesday', '2026-12-08T21:00:00Z'), task('wednesday', '2026-12-09T09:00:00Z')] },
    ]);
  });

  it('keeps tasks without a due time last when sorting', () => {
    expect([task('a'), task('b', '2026-12-08T07:00:00Z')].sort(byDue).map((t) => t.id)).toEqual(['b', 'a']);
  });
});

describe('day names', () => {
  it('names days relative to today, weekdays within the coming week, dates beyond', () => {
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(dayName('2026-12-07', '2026-12-07').key).toBe('today');
    expect(dayName('2026-12-08', '2026-12-07').key).toBe('tomorrow');
    expect(dayName('2026-12-06', '2026-12-07').key).toBe('yesterday');
    expect(dayName('2026-12-13', '2026-12-07').key).toBe('weekday');
    expect(dayName('2026-12-14', '2026-12-07').key).toBe('date');
    expect(dayName('2026-12-01', '2026-12-07').key).toBe('date');
  });
});
