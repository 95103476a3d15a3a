/**
 * Days in the person's time zone: the agenda's upcoming tasks are shown per day (tomorrow, Thursday, ...), and a day
 * is a calendar day where the person is, not in UTC. Pure functions of instants and zones, tested without a browser.
 */

interface Dated {
  dueAt?: string;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (`yyyy-MM-dd`) an instant falls on in a time zone. */
export function localDay(instant: string | Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Whole days from `from` to `to` (both `yyyy-MM-dd`): 1 for tomorrow, -1 for yesterday. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface DayGroup<T> {
  day: string;
  tasks: T[];
}

/** Tasks with a due time, per local day, days in order and each day's tasks by due time. */
export function groupByDay<T extends Dated>(tasks: readonly T[], timeZone: string): DayGroup<T>[] {
  const byDay = new Map<string, T[]>();
  for (const task of [...tasks].filter((t) => t.dueAt).sort(byDue)) {
    const day = localDay(task.dueAt as string, timeZone);
    byDay.set(day, [...(byDay.get(day) ?? []), task]);
  }
  return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, dayTasks]) => ({ day, tasks: dayTasks }));
}

export function byDue(a: Dated, b: Dated): number {
  if (!a.dueAt) return b.dueAt ? 1 : 0;
  if (!b.dueAt) return -1;
  return Date.parse(a.dueAt) - Date.parse(b.dueAt);
}

/** The zone the browser is in, which the agenda asks the service to use for "today". */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * How a day is named relative to today: `today`, `tomorrow`, `yesterday`, a weekday within the coming week, else a
 * date. Returns a translation key and its values; the page formats the date in the person's locale.
 */
export function dayName(day: string, today: string): { key: 'today' | 'tomorrow' | 'yesterday' | 'weekday' | 'date'; date: Date } {
  const date = new Date(`${day}T12:00:00Z`);
  const offset = daysBetween(today, day);
  if (offset === 0) return { key: 'today', date };
  if (offset === 1) return { key: 'tomorrow', date };
  if (offset === -1) return { key: 'yesterday', date };
  return { key: offset > 1 && offset < 7 ? 'weekday' : 'date', date };
}
