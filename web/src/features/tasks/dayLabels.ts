import { useTranslation } from 'react-i18next';
import { intlLocale } from '@/i18n/format';
import { dayName } from './agenda';

/** "Tomorrow", "Thursday", "Mon, 14 Dec": a calendar day as a heading, in the person's language. */
export function useDayLabel(): (day: string, today: string) => string {
  const { t, i18n } = useTranslation('tasks');
  const locale = intlLocale(i18n.language);
  return (day, today) => {
    const { key, date } = dayName(day, today);
    if (key === 'weekday') return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(date);
    if (key === 'date') return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
    return t(`day.${key}`);
  };
}
