import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A stored phone number (E.164, as the services keep them) the way people read it: national format for numbers of
 * the person's own country, international otherwise. Loaded only by the pages that show phones (its metadata is big).
 */
export function formatPhone(value: string | null | undefined, locale: string): string {
  if (!value) return '';
  const parsed = parsePhoneNumberFromString(value);
  if (!parsed) return value;
  const region = locale.split('-')[1]?.toUpperCase();
  return parsed.country && parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
}

/** A tel: link target that every phone dials. */
export function telHref(value: string): string {
  return 'tel:' + value.replace(/[^+\d]/g, '');
}
