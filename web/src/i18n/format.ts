import { useTranslation } from 'react-i18next';

/**
 * Dates, times, money and numbers in the person's locale: the app's language, with the browser's region when it
 * speaks the same language (en-GB dates for a British browser, ru-RU for a Russian one).
 */
export function intlLocale(language: string, browser: readonly string[] = navigatorLanguages()): string {
  const regional = browser.find((tag) => tag.toLowerCase().split('-')[0] === language && tag.includes('-'));
  return regional ?? language;
}

function navigatorLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages;
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let format = cache.get(key) as T | undefined;
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

export interface Formatters {
  locale: string;
  date(value: string | Date | null | undefined): string;
  dateTime(value: string | Date | null | undefined): string;
  time(value: string | Date | null | undefined): string;
  money(amount: number | string | null | undefined, currency: string | null | undefined): string;
  number(value: number | null | undefined, fractionDigits?: number): string;
  relative(value: string | Date, now?: Date): string;
}

export function formatters(locale: string, timeZone?: string): Formatters {
  const asDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));
  const valid = (value: string | Date | null | undefined): value is string | Date =>
    value !== null && value !== undefined && value !== '' && !Number.isNaN(asDate(value).getTime());
  return {
    locale,
    date(value) {
      if (!valid(value)) return '';
      // a plain date (yyyy-MM-dd) is a calendar day, not an instant: never shift it by the time zone
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        return cached(`d:${locale}:UTC`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }))
          .format(new Date(value + 'T00:00:00Z'));
      }
      return cached(`d:${locale}:${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }))
        .format(asDate(value));
    },
    dateTime(value) {
      if (!valid(value)) return '';
      return cached(`dt:${locale}:${timeZone}`, () =>
        new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
      ).format(asDate(value));
    },
    time(value) {
      if (!valid(value)) return '';
      return cached(`t:${locale}:${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }))
        .format(asDate(value));
    },
    money(amount, currency) {
      if (amount === null || amount === undefined || amount === '') return '';
      const value = typeof amount === 'string' ? Number(amount) : amount;
      if (!Number.isFinite(value)) return String(amount);
      if (!currency) return this.number(value, 2);
      try {
        return cached(`m:${locale}:${currency}`, () =>
          new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 }),
        ).format(value);
      } catch {
        return `${this.number(value, 2)} ${currency}`;
      }
    },
    number(value, fractionDigits) {
      if (value === null || value === undefined || !Number.isFinite(value)) return '';
      return cached(`n:${locale}:${fractionDigits}`, () =>
        new Intl.NumberFormat(locale, fractionDigits === undefined ? {} : { maximumFractionDigits: fractionDigits }),
      ).format(value);
    },
    relative(value, now = new Date()) {
      const seconds = Math.round((asDate(value).getTime() - now.getTime()) / 1000);
      const format = cached(`r:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
      const units: [Intl.RelativeTimeFormatUnit, number][] = [
        ['year', 31_536_000], ['month', 2_592_000], ['week', 604_800], ['day', 86_400], ['hour', 3_600], ['minute', 60],
      ];
      for (const [unit, size] of units) {
        if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
      }
      return format.format(seconds, 'second');
    },
  };
}

/** The formatters for the app's current language. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  return formatters(intlLocale(i18n.language));
}
