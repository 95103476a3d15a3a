import { useQuery } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { useDeferredValue, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '@/api/client';
import { inputClass } from '@/ui';
import { useRecordName, type RecordType } from './related';
import styles from './Tasks.module.css';

interface Option {
  id: string;
  label: string;
  detail?: string;
}

/** Records matching what the person typed: contacts and companies by the services' search, deals among the open ones. */
function useOptions(type: RecordType, text: string, enabled: boolean) {
  return useQuery({
    queryKey: [type, 'picker', text],
    enabled,
    staleTime: 30_000,
    queryFn: async ({ signal }): Promise<Option[]> => {
      if (type === 'contact') {
        const page = await call(api().contacts.GET('/api/contacts', { params: { query: { q: text || undefined, limit: 8 } as never }, signal }));
        return (page.items ?? []).map((c) => ({ id: c.id as string, label: [c.firstName, c.lastName].filter(Boolean).join(' '), detail: c.email }));
      }
      if (type === 'company') {
        const page = await call(api().contacts.GET('/api/companies', { params: { query: { q: text || undefined, limit: 8 } as never }, signal }));
        return (page.items ?? []).map((c) => ({ id: c.id as string, label: c.name ?? '', detail: c.domain }));
      }
      // deals have no text search: the person's most recent open deals, filtered here
      const page = await call(api().deals.GET('/api/deals', { params: { query: { status: 'open', sort: '-createdAt', limit: 100 } as never }, signal }));
      const needle = text.toLowerCase();
      return (page.items ?? []).filter((d) => (d.title ?? '').toLowerCase().includes(needle)).slice(0, 8)
        .map((d) => ({ id: d.id as string, label: d.title ?? '' }));
    },
  });
}

/**
 * Links a record (contact, company, deal) by searching for it: a combobox (type, arrow keys, Enter; Escape closes),
 * or the chosen record's name with a button to remove it.
 */
export function RecordPicker({ type, value, onChange, id, invalid, 'aria-describedby': describedBy }: {
  type: RecordType;
  value: string | undefined;
  onChange(id: string | undefined): void;
  id?: string;
  invalid?: boolean;
  'aria-describedby'?: string;
}) {
  const { t } = useTranslation('tasks');
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const query = useDeferredValue(text.trim());
  const options = useOptions(type, query, open && !value);
  const chosen = useRecordName(type, value);
  const items = options.data ?? [];

  if (value) {
    return (
      <div className={`${inputClass} ${styles.chosen}`} id={id} tabIndex={-1}>
        <span>{chosen.data || t(`related.${type}`)}</span>
        <button type="button" className="row" aria-label={t('picker.remove', { name: chosen.data || t(`related.${type}`) })}
          onClick={() => onChange(undefined)}>
          <X size={14} aria-hidden />
        </button>
      </div>
    );
  }

  const choose = (option: Option | undefined) => {
    if (!option) return;
    onChange(option.id);
    setText('');
    setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, Math.max(items.length - 1, 0)));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter' && open && items.length > 0) {
      event.preventDefault();
      choose(items[active]);
    } else if (event.key === 'Escape' && open) {
      event.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div className={styles.pickerWrap}>
      <input
        id={id}
        className={inputClass}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        aria-activedescendant={open && items[active] ? `${listId}-${active}` : undefined}
        placeholder={t(`picker.search.${type}`)}
        value={text}
        onChange={(event) => { setText(event.target.value); setOpen(true); setActive(0); }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul id={listId} role="listbox" className={styles.options} aria-label={t(`related.${type}`)}>
          {options.isPending && <li className={styles.option} aria-disabled="true">{t('common:app.loading')}</li>}
          {options.isError && <li className={styles.option} aria-disabled="true">{t('picker.unavailable')}</li>}
          {options.isSuccess && items.length === 0 && <li className={styles.option} aria-disabled="true">{t('picker.none')}</li>}
          {items.map((option, index) => (
            <li key={option.id} id={`${listId}-${index}`} role="option" aria-selected={index === active} className={styles.option}
              onMouseDown={(event) => { event.preventDefault(); choose(option); }} onMouseEnter={() => setActive(index)}>
              {option.label}
              {option.detail && <span className="muted"> · {option.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
