import { describe, expect, it } from 'vitest';
import { formatPhone, telHref } from './phone';

describe('formatPhone', () => {
  it('shows numbers of the person\'s own country in national format, others internationally', () => {
    expect(formatPhone('+74951234567', 'ru-RU')).toBe('8 (495) 123-45-67');
    expect(formatPhone('+74951234567', 'en-US')).toBe('+7 495 123 45 67');
    expect(formatPhone('+12025550123', 'en-US')).toBe('(202) 555-0123');
  });

  it('keeps what it cannot parse as it was', () => {
    expect(formatPhone('ext. 42', 'en-US')).toBe('ext. 42');
    expect(formatPhone(undefined, 'en')).toBe('');
    expect(telHref('+7 (495) 123-45-67')).toBe('tel:+74951234567');
  });
});
