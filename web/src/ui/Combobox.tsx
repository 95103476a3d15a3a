import { forwardRef, useEffect, useId, useState, type InputHTMLAttributes, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import styles from './Combobox.module.css';
import { inputClass } from './Field';

export interface ComboboxOption {
  id: string;
  label: string;
  detail?: string;
}

export interface ComboboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'onSelect'> {
  /** The chosen option's label (shown while the person is not typing). */
  selectedLabel: string;
  /** What the person types; the caller looks options up for it (a query of its own). */
  onQueryChange(query: string): void;
  options: readonly ComboboxOption[];
  loading?: boolean;
  /** An option, or null when the person clears the choice. */
  onSelect(option: ComboboxOption | null): void;
}

/**
 * Picks one record out of many by typing part of its name (the ARIA combobox pattern: arrow keys, Enter, Escape).
 * The options come from the caller, who searches the service for what is typed. Works inside a {@link Field}.
 */
export const Combobox = forwardRef<HTMLInputElement, ComboboxProps>(function Combobox(
  { selectedLabel, onQueryChange, options, loading = false, onSelect, className, onBlur, ...rest },
  ref,
) {
  const { t } = useTranslation();
  const listId = useId();
  const [text, setText] = useState(selectedLabel);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  useEffect(() => setText(selectedLabel), [selectedLabel]);

  const choose = (option: ComboboxOption) => {
    setText(option.label);
    setOpen(false);
    onSelect(option);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, options.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter' && open && options[active]) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === 'Escape' && open) {
      // the list closes; a dialog around the field stays open
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  };

  const showList = open && text.trim().length > 0;
  return (
    <div className={styles.root}>
      <input
        ref={ref}
        {...rest}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && options[active] ? `${listId}-${active}` : undefined}
        className={[inputClass, className].filter(Boolean).join(' ')}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(0);
          onQueryChange(event.target.value);
          if (selectedLabel) onSelect(null);
        }}
        onKeyDown={onKeyDown}
        onBlur={(event) => {
          setOpen(false);
          onBlur?.(event);
        }}
      />
      {showList && (
        <ul id={listId} role="listbox" className={styles.list}>
          {options.map((option, index) => (
            <li
              key={option.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={styles.option}
              // keeps the focus in the input, so the choice does not blur it first
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(option)}
            >
              <span>{option.label}</span>
              {option.detail && <span className={styles.detail}>{option.detail}</span>}
            </li>
          ))}
          {options.length === 0 && (
            <li className={styles.status} role="presentation">{loading ? t('app.loading') : t('list.noResults')}</li>
          )}
        </ul>
      )}
    </div>
  );
});
