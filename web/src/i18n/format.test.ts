import { describe, expect, it } from 'vitest';
import { formatters, intlLocale } from './format';
import { preferredLanguage } from './index';

describe('formatters', () => {
  it('writes money the way each locale does', () => {
    expect(formatters('en-US').money(12500.5, 'USD')).toBe('$12,500.50');
    // Russian groups with a narrow no-break space and puts the symbol after the amount
    expect(formatters('ru-RU').money(12500.5, 'RUB').replace(/\s/g, ' ')).toBe('12 500,50 ₽');
    expect(formatters('en-US').money('7', null)).toBe('7');
    expect(formatters('en-US').money(5, 'NOT-A-CURRENCY')).toBe('5 NOT-A-CURRENCY');
  });

  it('keeps a calendar date on its day whatever the time zone', () => {
    expect(formatters('en-US', 'Pacific/Honolulu').date('2026-03-01')).toBe('Mar 1, 2026');
    expect(formatters('ru-RU').date('2026-03-01')).toMatch(/1 мар\.? 2026/);
  });

  it('says nothing for empty or invalid values', () => {
    const f = formatters('en-US');
    expect(f.date(null)).toBe('');
    expect(f.dateTime('not a date')).toBe('');
    expect(f.number(Number.NaN)).toBe('');
  });

  it('speaks of time relative to now', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    expect(formatters('en').relative('2026-12-07T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatters('ru').relative('2026-12-08T12:00:00Z', now)).toBe('завтра');
  });
});

describe('locale choice', () => {
  it('takes the regional variant of the browser for the app language', () => {
    expect(intlLocale('en', ['en-GB', 'ru-RU'])).toBe('en-GB');
    expect(intlLocale('ru', ['en-GB', 'ru-RU'])).toBe('ru-RU');
    expect(intlLocale('ru', ['en-US'])).toBe('ru');
  });

  it('prefers the stored choice, then the browser languages we have, then English', () => {
    expect(preferredLanguage('ru', ['en-US'])).toBe('ru');
    expect(preferredLanguage(null, ['bg-BG', 'ru-RU', 'en'])).toBe('ru');
    expect(preferredLanguage('xx', ['ka-GE'])).toBe('en');
  });
});
