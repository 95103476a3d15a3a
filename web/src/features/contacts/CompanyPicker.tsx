import { Command } from 'cmdk';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { inputClass, Spinner } from '@/ui';
import { useCompanySearch } from './api';
import styles from './contacts.module.css';

export interface CompanyChoice {
  id: string;
  name: string;
}

/**
 * Picks a company by typing the start of its name or domain (the companies the person sees), with the keyboard:
 * arrows to move, Enter to choose, Escape to close. An empty choice unlinks.
 */
export function CompanyPicker({
  value, onChange, inputProps,
}: {
  value: CompanyChoice;
  onChange(value: CompanyChoice): void;
  inputProps?: Record<string, unknown>;
}) {
  const { t } = useTranslation('contacts');
  const [text, setText] = useState(value.name);
  const [open, setOpen] = useState(false);
  const term = useDeferredValue(text);
  const search = useCompanySearch(open ? term : value.name);
  const companies = search.data?.items ?? [];

  const choose = (choice: CompanyChoice) => {
    onChange(choice);
    setText(choice.name);
    setOpen(false);
  };

  // while the person types, the matches come first; "no company" is there for unlinking
  const typed = open && text.trim() !== '' && text !== value.name;
  const noneItem = (
    <Command.Item value="__none" onSelect={() => choose({ id: '', name: '' })} className={styles.comboItem}>
      <span className="muted">{t('company.none')}</span>
    </Command.Item>
  );
  return (
    <Command shouldFilter={false} className={styles.combo} label={t('field.company')} loop>
      <Command.Input
        className={inputClass}
        value={text}
        placeholder={t('company.searchPlaceholder')}
        onValueChange={(next) => {
          setText(next);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setText(value.name);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && open) {
            event.stopPropagation();
            setOpen(false);
          } else if (!open && (event.key === 'Enter' || event.key === 'ArrowDown')) {
            // a closed list chooses nothing: these keys open it (the command menu skips prevented keys)
            event.preventDefault();
            setOpen(true);
          }
        }}
        {...inputProps}
      />
      {/* always in the page (the input's aria-controls names it), shown while choosing */}
      <Command.List className={styles.comboList} hidden={!open} onMouseDown={(event) => event.preventDefault()}>
          {search.isFetching && companies.length === 0 && (
            <Command.Loading>
              <Spinner size={14} label={t('common:app.loading')} />
            </Command.Loading>
          )}
          {!typed && noneItem}
          {companies.map((company) => (
            <Command.Item
              key={company.id}
              value={company.id as string}
              onSelect={() => choose({ id: company.id as string, name: company.name ?? '' })}
              className={styles.comboItem}
            >
              {company.name}
              {company.domain && <span className="muted"> · {company.domain}</span>}
            </Command.Item>
          ))}
          {!search.isFetching && companies.length === 0 && <div className={styles.comboEmpty}>{t('company.noMatches')}</div>}
          {typed && noneItem}
      </Command.List>
    </Command>
  );
}
