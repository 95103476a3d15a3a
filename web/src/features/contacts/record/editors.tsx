import { useTranslation } from 'react-i18next';
import { inputClass, Select, UserSelect } from '@/ui';
import { CompanyPicker } from '../CompanyPicker';
import { fieldType, type CustomFieldDefinition, type CustomFieldInput } from '../customFields';
import type { EditorProps } from './FieldRow';
import styles from './record.module.css';

/** Inline editors of record fields, one per kind of value; the first control gets the row's label and error. */

export function TextEditor({ draft, setDraft, controlProps, type = 'text', multiline = false }: EditorProps<string> & {
  type?: 'text' | 'email' | 'tel' | 'url' | 'date';
  multiline?: boolean;
}) {
  if (multiline) {
    return <textarea className={inputClass} rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} {...controlProps} />;
  }
  return <input className={inputClass} type={type} value={draft} onChange={(e) => setDraft(e.target.value)} {...controlProps} />;
}

/** A list of values, one per line (other emails, other phones). */
export function LinesEditor(props: EditorProps<string>) {
  const { t } = useTranslation('contacts');
  return (
    <>
      <textarea className={inputClass} rows={3} value={props.draft} onChange={(e) => props.setDraft(e.target.value)} {...props.controlProps} />
      <span className={styles.hint}>{t('record.onePerLine')}</span>
    </>
  );
}

export function SelectEditor({ draft, setDraft, controlProps, options, emptyLabel }: EditorProps<string> & {
  options: { value: string; label: string }[];
  emptyLabel?: string;
}) {
  return (
    <Select value={draft} onChange={(e) => setDraft(e.target.value)} {...controlProps}>
      {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
      {options.map((option) => (
        <option key={option.value} value={option.value}>{option.label}</option>
      ))}
    </Select>
  );
}

export function OwnerEditor({ draft, setDraft, controlProps, filter }: EditorProps<string> & {
  filter?: (user: { id: string; team?: string; roles: string[] }) => boolean;
}) {
  const { t } = useTranslation('contacts');
  return <UserSelect value={draft} onChange={(e) => setDraft(e.target.value)} filter={filter} emptyLabel={t('record.noOwner')} {...controlProps} />;
}

export function CompanyEditor({ draft, setDraft, controlProps }: EditorProps<{ id: string; name: string }>) {
  return <CompanyPicker value={draft} onChange={setDraft} inputProps={controlProps} />;
}

export interface AddressDraft {
  street: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

export function AddressEditor({ draft, setDraft, controlProps }: EditorProps<AddressDraft>) {
  const { t } = useTranslation('contacts');
  const input = (name: keyof AddressDraft, props: Record<string, unknown> = {}) => (
    <label className={styles.subField}>
      <span>{t(`address.${name}`)}</span>
      <input className={inputClass} value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} {...props} />
    </label>
  );
  return (
    <div className={styles.addressGrid}>
      {input('street', { ...controlProps, id: controlProps.id })}
      {input('city')}
      {input('region')}
      {input('postalCode')}
      {input('country', { maxLength: 2, placeholder: 'GB', style: { textTransform: 'uppercase' } })}
    </div>
  );
}

export interface ConsentDraft {
  emailMarketing: boolean;
  smsMarketing: boolean;
  phoneCalls: boolean;
}

export function ConsentEditor({ draft, setDraft, controlProps }: EditorProps<ConsentDraft>) {
  const { t } = useTranslation('contacts');
  return (
    <div className="stack" role="group" aria-labelledby={controlProps.id + '-group'}>
      {(['emailMarketing', 'smsMarketing', 'phoneCalls'] as const).map((name, index) => (
        <label key={name} className="row">
          <input
            type="checkbox"
            checked={draft[name]}
            onChange={(e) => setDraft({ ...draft, [name]: e.target.checked })}
            {...(index === 0 ? { id: controlProps.id, autoFocus: true } : {})}
          />
          {t(`consent.${name}`)}
        </label>
      ))}
    </div>
  );
}

/** A custom field's editor, by its type. */
export function CustomFieldEditor({ definition, draft, setDraft, controlProps }: EditorProps<CustomFieldInput> & {
  definition: CustomFieldDefinition;
}) {
  const { t } = useTranslation('contacts');
  switch (fieldType(definition)) {
    case 'select':
      return (
        <Select value={draft as string} onChange={(e) => setDraft(e.target.value)} {...controlProps}>
          <option value="">{t('record.none')}</option>
          {(definition.options ?? []).map((option) => <option key={option} value={option}>{option}</option>)}
        </Select>
      );
    case 'multi_select': {
      const chosen = draft as string[];
      return (
        <div className="stack" role="group" aria-label={definition.label}>
          {(definition.options ?? []).map((option, index) => (
            <label key={option} className="row">
              <input
                type="checkbox"
                checked={chosen.includes(option)}
                onChange={(e) => setDraft(e.target.checked ? [...chosen, option] : chosen.filter((o) => o !== option))}
                {...(index === 0 ? { id: controlProps.id, autoFocus: true } : {})}
              />
              {option}
            </label>
          ))}
        </div>
      );
    }
    case 'boolean':
      return (
        <Select value={draft as string} onChange={(e) => setDraft(e.target.value)} {...controlProps}>
          <option value="">{t('record.none')}</option>
          <option value="true">{t('record.yes')}</option>
          <option value="false">{t('record.no')}</option>
        </Select>
      );
    case 'money': {
      const money = draft as { amount: string; currency: string };
      return (
        <div className="row">
          <input className={inputClass} inputMode="decimal" value={money.amount} onChange={(e) => setDraft({ ...money, amount: e.target.value })} {...controlProps} />
          <input
            className={inputClass}
            style={{ maxWidth: 90, textTransform: 'uppercase' }}
            aria-label={t('record.currency')}
            maxLength={3}
            placeholder="EUR"
            value={money.currency}
            onChange={(e) => setDraft({ ...money, currency: e.target.value })}
          />
        </div>
      );
    }
    case 'date':
      return <input className={inputClass} type="date" value={draft as string} onChange={(e) => setDraft(e.target.value)} {...controlProps} />;
    case 'number':
      return <input className={inputClass} inputMode="decimal" value={draft as string} onChange={(e) => setDraft(e.target.value)} {...controlProps} />;
    case 'url':
      return <input className={inputClass} type="url" placeholder="https://" value={draft as string} onChange={(e) => setDraft(e.target.value)} {...controlProps} />;
    default:
      return <textarea className={inputClass} rows={2} value={draft as string} onChange={(e) => setDraft(e.target.value)} {...controlProps} />;
  }
}

/** The merge patch of an address: parts trimmed, the country upper-cased, nothing at all when every part is empty. */
export function addressPatch(draft: AddressDraft): Record<string, string> | null {
  const entries = Object.entries(draft)
    .map(([name, value]) => [name, name === 'country' ? value.trim().toUpperCase() : value.trim()] as const)
    .filter(([, value]) => value);
  return entries.length === 0 ? null : Object.fromEntries(entries);
}
