import { useId } from 'react';
import type { CustomFieldDefinition, CustomFieldInput } from '../customFields';
import { CustomFieldEditor } from './editors';
import styles from '../contacts.module.css';

/** A custom field in a create form: its label (required mark), its editor by type, and its message. */
export function CustomFieldFormField({
  definition, value, error, onChange,
}: {
  definition: CustomFieldDefinition;
  value: CustomFieldInput;
  error?: string;
  onChange(value: CustomFieldInput): void;
}) {
  const id = useId();
  return (
    <div className={styles.customField}>
      <label htmlFor={id} className={styles.customLabel}>
        {definition.label}
        {definition.required && <span aria-hidden="true" className={styles.required}> *</span>}
      </label>
      <CustomFieldEditor
        definition={definition}
        draft={value}
        setDraft={onChange}
        controlProps={{ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined, autoFocus: false }}
      />
      {error && <div id={`${id}-error`} className={styles.fieldError} role="alert">{error}</div>}
    </div>
  );
}
