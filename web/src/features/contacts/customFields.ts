import type { components } from '@/api/generated/contacts-service';
import type { Formatters } from '@/i18n/format';

export type CustomFieldDefinition = components['schemas']['CustomFieldDefinition'];
export type CustomFieldType = 'text' | 'number' | 'money' | 'date' | 'select' | 'multi_select' | 'boolean' | 'url';

/** What an editor holds for one custom field: text for most types, a list for multi-select, two texts for money. */
export type CustomFieldInput = string | string[] | { amount: string; currency: string };

/** A reason a value is refused before it is sent (instant feedback; the API decides). Keys of `contacts:customField.*`. */
export type CustomFieldIssue = 'required' | 'number' | 'currency' | 'date' | 'url' | 'option';

export const CUSTOM_FIELDS_PATH = 'customFields';

export function fieldType(definition: CustomFieldDefinition): CustomFieldType {
  return (definition.type ?? 'text') as CustomFieldType;
}

/** The editor's form of a stored value (the API's JSON: numbers, booleans, lists, `{amount, currency}`). */
export function toInput(definition: CustomFieldDefinition, value: unknown): CustomFieldInput {
  switch (fieldType(definition)) {
    case 'multi_select':
      return Array.isArray(value) ? value.map(String) : [];
    case 'money': {
      const money = value && typeof value === 'object' ? (value as { amount?: unknown; currency?: unknown }) : {};
      return { amount: money.amount === undefined || money.amount === null ? '' : String(money.amount), currency: String(money.currency ?? '') };
    }
    case 'boolean':
      return value === true ? 'true' : value === false ? 'false' : '';
    default:
      return value === undefined || value === null ? '' : String(value);
  }
}

/**
 * The value to send for what the person entered: the API's JSON type, `null` to remove the value, or the issue that
 * keeps it from being sent. Only formats are checked here; the service checks everything again.
 */
export function fromInput(
  definition: CustomFieldDefinition,
  input: CustomFieldInput,
  decimal: '.' | ',' = '.',
): { value: unknown } | { issue: CustomFieldIssue } {
  const type = fieldType(definition);
  const empty = isEmptyInput(input);
  if (empty) return definition.required ? { issue: 'required' } : { value: null };
  switch (type) {
    case 'number': {
      const number = parseNumber(String(input), decimal);
      return number === undefined ? { issue: 'number' } : { value: number };
    }
    case 'money': {
      const money = input as { amount: string; currency: string };
      const amount = parseNumber(money.amount, decimal);
      if (amount === undefined) return { issue: 'number' };
      const currency = money.currency.trim().toUpperCase();
      return /^[A-Z]{3}$/.test(currency) ? { value: { amount, currency } } : { issue: 'currency' };
    }
    case 'date': {
      const text = String(input).trim();
      const valid = /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text + 'T00:00:00Z'))
        && new Date(text + 'T00:00:00Z').toISOString().startsWith(text);
      return valid ? { value: text } : { issue: 'date' };
    }
    case 'url': {
      const text = String(input).trim();
      try {
        const url = new URL(text);
        return url.protocol === 'http:' || url.protocol === 'https:' ? { value: text } : { issue: 'url' };
      } catch {
        return { issue: 'url' };
      }
    }
    case 'boolean':
      return { value: input === 'true' };
    case 'select': {
      const text = String(input);
      return !definition.options?.length || definition.options.includes(text) ? { value: text } : { issue: 'option' };
    }
    case 'multi_select': {
      const values = (input as string[]).filter(Boolean);
      return values.every((v) => !definition.options?.length || definition.options.includes(v)) ? { value: values } : { issue: 'option' };
    }
    default:
      return { value: String(input).trim() };
  }
}

export function isEmptyInput(input: CustomFieldInput): boolean {
  if (Array.isArray(input)) return input.filter(Boolean).length === 0;
  if (typeof input === 'object') return input.amount.trim() === '';
  return input.trim() === '';
}

/**
 * A number as people type it in their locale: `1 200,50` in Russian, `1,200.50` in English (grouping separators
 * and spaces ignored, the locale's decimal separator read as the point); undefined when it is not a number.
 */
export function parseNumber(text: string, decimalSeparator: '.' | ',' = '.'): number | undefined {
  let normal = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (!normal) return undefined;
  normal = decimalSeparator === ',' ? normal.replace(/\./g, '').replace(',', '.') : normal.replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(normal)) return undefined;
  const number = Number(normal);
  return Number.isFinite(number) ? number : undefined;
}

/** The decimal separator of a locale (`,` for ru, `.` for en). */
export function decimalSeparator(locale: string): '.' | ',' {
  return new Intl.NumberFormat(locale).format(1.5).includes(',') ? ',' : '.';
}

/** A stored value as people read it, in their locale. */
export function displayValue(
  definition: CustomFieldDefinition,
  value: unknown,
  format: Formatters,
  yesNo: { yes: string; no: string },
): string {
  if (value === undefined || value === null || value === '') return '';
  switch (fieldType(definition)) {
    case 'number':
      return typeof value === 'number' ? format.number(value) : String(value);
    case 'money': {
      const money = value as { amount?: number | string; currency?: string };
      return format.money(money.amount, money.currency);
    }
    case 'date':
      return format.date(String(value));
    case 'boolean':
      return value === true ? yesNo.yes : value === false ? yesNo.no : String(value);
    case 'multi_select':
      return Array.isArray(value) ? value.join(', ') : String(value);
    default:
      return String(value);
  }
}

/** The list filter a custom field offers: a choice for fixed options and yes/no, an input of its kind otherwise. */
export function filterControl(definition: CustomFieldDefinition): 'options' | 'boolean' | 'number' | 'date' | 'text' {
  switch (fieldType(definition)) {
    case 'select':
    case 'multi_select':
      return 'options';
    case 'boolean':
      return 'boolean';
    case 'number':
    case 'money':
      return 'number';
    case 'date':
      return 'date';
    default:
      return 'text';
  }
}

/** Whether the list can be ordered by the field (the API refuses to sort by a multi-select field). */
export function sortable(definition: CustomFieldDefinition): boolean {
  return fieldType(definition) !== 'multi_select';
}

/** The form field of a custom field (`cf.<key>`) and the API's path for it (`customFields.<key>`). */
export const formField = (key: string) => `cf.${key}`;
export const apiField = (key: string) => `${CUSTOM_FIELDS_PATH}.${key}`;

/** Maps the API's field paths of custom fields to the form's, for `splitFieldErrors`. */
export function customFieldAliases(definitions: readonly CustomFieldDefinition[]): Record<string, string> {
  return Object.fromEntries(definitions.map((d) => [apiField(d.key ?? ''), formField(d.key ?? '')]));
}
