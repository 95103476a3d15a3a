import { forwardRef, useDeferredValue, useState, type SelectHTMLAttributes } from 'react';
import { useController, type Control, type FieldValues, type Path, type RegisterOptions } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Combobox, Field, Select, type ComboboxOption } from '@/ui';
import { CONTACT_ROLES, useCompanySearch, useContactSearch } from './api';

interface PickerProps {
  id?: string;
  selectedLabel: string;
  onSelect(option: ComboboxOption | null): void;
  disabled?: boolean;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  'aria-required'?: boolean;
}

/** Finds a contact by typing part of a name, email or phone (the contacts the person may see). */
export const ContactPicker = forwardRef<HTMLInputElement, PickerProps>(function ContactPicker(props, ref) {
  const { t } = useTranslation('deals');
  const [query, setQuery] = useState('');
  const q = useDeferredValue(query.trim());
  const found = useContactSearch(q);
  const options = (found.data?.items ?? []).map((contact) => ({
    id: contact.id ?? '',
    label: [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email || contact.id || '',
    detail: contact.email ?? undefined,
  }));
  return (
    <Combobox ref={ref} {...props} placeholder={t('picker.contact')} onQueryChange={setQuery} options={options}
      loading={found.isFetching} />
  );
});

export const CompanyPicker = forwardRef<HTMLInputElement, PickerProps>(function CompanyPicker(props, ref) {
  const { t } = useTranslation('deals');
  const [query, setQuery] = useState('');
  const q = useDeferredValue(query.trim());
  const found = useCompanySearch(q);
  const options = (found.data?.items ?? []).map((company) => ({
    id: company.id ?? '',
    label: company.name ?? company.id ?? '',
    detail: company.domain ?? undefined,
  }));
  return (
    <Combobox ref={ref} {...props} placeholder={t('picker.company')} onQueryChange={setQuery} options={options}
      loading={found.isFetching} />
  );
});

/**
 * A contact or company picker in a react-hook-form form: the chosen record's id in `idField`, its name (what the
 * input shows) in `nameField`.
 */
export function RecordPickerField<T extends FieldValues>({ kind, control, idField, nameField, label, required, error, rules }: {
  kind: 'contact' | 'company';
  control: Control<T>;
  idField: Path<T>;
  nameField: Path<T>;
  label: string;
  required?: boolean;
  /** The service's message for the field (the form's own check comes first). */
  error?: string;
  rules?: RegisterOptions<T, Path<T>>;
}) {
  const id = useController({ control, name: idField, rules });
  const name = useController({ control, name: nameField });
  const Picker = kind === 'contact' ? ContactPicker : CompanyPicker;
  return (
    <Field label={label} required={required} error={id.fieldState.error?.message ?? error}>
      <Picker ref={id.field.ref} selectedLabel={String(name.field.value ?? '')}
        onSelect={(option) => {
          id.field.onChange(option?.id ?? '');
          name.field.onChange(option?.label ?? '');
        }} />
    </Field>
  );
}

export const RoleSelect = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement>>(function RoleSelect(props, ref) {
  const { t } = useTranslation('deals');
  return (
    <Select ref={ref} {...props}>
      {CONTACT_ROLES.map((role) => <option key={role} value={role}>{t(`role.${role}`)}</option>)}
    </Select>
  );
});

/** The currencies offered first; a deal's own currency is always offered too. */
const CURRENCIES = ['EUR', 'USD', 'GBP', 'RUB', 'BGN', 'GEL', 'CHF', 'PLN', 'CZK', 'SEK', 'NOK', 'DKK', 'TRY', 'UAH',
  'KZT', 'AED', 'CAD', 'AUD', 'JPY', 'CNY', 'INR'];
const REGION_CURRENCY: Record<string, string> = { RU: 'RUB', BG: 'BGN', GE: 'GEL', US: 'USD', GB: 'GBP', CH: 'CHF' };
const LANGUAGE_CURRENCY: Record<string, string> = { ru: 'RUB', bg: 'BGN', ka: 'GEL' };
const CURRENCY_KEY = 'pulse.deals.currency';

/** The currency a new deal starts with: the one the person used last, else their region's, else EUR. */
export function defaultCurrency(locale: string): string {
  try {
    const stored = window.localStorage.getItem(CURRENCY_KEY);
    if (stored) return stored;
  } catch {
    // no storage: fall through
  }
  const [language = '', region = ''] = locale.split('-');
  return REGION_CURRENCY[region.toUpperCase()] ?? LANGUAGE_CURRENCY[language] ?? 'EUR';
}

export function rememberCurrency(currency: string): void {
  try {
    window.localStorage.setItem(CURRENCY_KEY, currency);
  } catch {
    // private mode: not remembered
  }
}

export const CurrencySelect = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement>>(function CurrencySelect(
  props, ref,
) {
  const value = typeof props.value === 'string' ? props.value : undefined;
  const choices = value && !CURRENCIES.includes(value) ? [value, ...CURRENCIES] : CURRENCIES;
  return (
    <Select ref={ref} {...props}>
      {choices.map((code) => <option key={code} value={code}>{code}</option>)}
    </Select>
  );
});
