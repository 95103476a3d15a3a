import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useUserName } from '@/api/users';
import { useFormat } from '@/i18n/format';
import { formatPhone } from '@/i18n/phone';
import { displayValue, type CustomFieldDefinition } from '../customFields';

export interface Describe {
  label(field: string): string;
  value(field: string, value: unknown): ReactNode;
}

/**
 * Labels and readable values of a contact's or a company's fields by API path (`jobTitle`, `address`,
 * `customFields.tier`), for the conflict dialog and the history: the same words as on the record page.
 */
export function useDescribe(kind: 'contact' | 'company', definitions: readonly CustomFieldDefinition[]): Describe {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const userName = useUserName();
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const yesNo = { yes: t('record.yes'), no: t('record.no') };
  const prefix = kind === 'company' ? 'companyField' : 'field';
  return {
    label(field) {
      if (field === 'customFields') return t('record.customFields');
      if (field.startsWith('customFields.')) {
        const key = field.slice('customFields.'.length);
        return byKey.get(key)?.label ?? key;
      }
      const dot = field.indexOf('.');
      if (dot > 0) {
        // the history names nested fields one by one: address.city, consent.phoneCalls, acquisition.utmSource
        const head = field.slice(0, dot);
        const part = field.slice(dot + 1);
        return `${this.label(head)} · ${t(`${head}.${part}`, { defaultValue: part })}`;
      }
      return t(`${prefix}.${field}`, { defaultValue: t(`field.${field}`, { defaultValue: field }) });
    },
    value(field, value) {
      if (value === null || value === undefined || value === '') return '';
      if (field.startsWith('customFields.')) {
        const definition = byKey.get(field.slice('customFields.'.length));
        return definition ? displayValue(definition, value, format, yesNo) : text(value);
      }
      if (field.startsWith('consent.')) return value === true ? yesNo.yes : value === false ? yesNo.no : text(value);
      switch (field) {
        case 'ownerId':
          return userName(String(value));
        case 'lifecycleStage':
          return t(`lifecycle.${String(value)}`, { defaultValue: String(value) });
        case 'source':
          return t(`source.${String(value)}`, { defaultValue: String(value) });
        case 'size':
          return String(value);
        case 'phone':
          return formatPhone(String(value), format.locale);
        case 'otherPhones':
          return Array.isArray(value) ? value.map((v) => formatPhone(String(v), format.locale)).join(', ') : text(value);
        case 'birthday':
          return format.date(String(value));
        case 'address':
          return addressText(value as Record<string, string>);
        case 'consent': {
          const consent = value as Record<string, boolean>;
          const granted = Object.entries(consent).filter(([, on]) => on).map(([name]) => t(`consent.${name}`));
          return granted.length ? granted.join(', ') : t('consent.none');
        }
        case 'messengers':
          return Array.isArray(value)
            ? value.map((m: { type?: string; handle?: string }) => `${m.type}: ${m.handle}`).join(', ')
            : text(value);
        case 'customFields':
          return Object.entries(value as Record<string, unknown>).map(([key, v]) => {
            const definition = byKey.get(key);
            return `${definition?.label ?? key}: ${definition ? displayValue(definition, v, format, yesNo) : text(v)}`;
          }).join('; ');
        default:
          return text(value);
      }
    },
  };
}

export function addressText(address: Record<string, string | undefined> | null | undefined): string {
  if (!address) return '';
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  return [address.street, cityLine, address.region, address.country].filter(Boolean).join(', ');
}

function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(text).join(', ');
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
