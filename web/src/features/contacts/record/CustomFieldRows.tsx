import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@/i18n/format';
import { ProblemView, Spinner } from '@/ui';
import {
  decimalSeparator, displayValue, fieldType, fromInput, toInput, type CustomFieldDefinition, type CustomFieldInput,
} from '../customFields';
import { CustomFieldEditor } from './editors';
import { FieldRow } from './FieldRow';
import { Section } from './Related';
import type { SaveOutcome } from './useRecordSave';
import styles from './record.module.css';

/**
 * The record's custom fields as the admins defined them, each shown and edited by its type; a value whose definition
 * was deleted is not shown (the service drops it on the next edit).
 */
export function CustomFieldRows({
  record, definitions, save,
}: {
  record: { customFields?: Record<string, unknown> };
  definitions: UseQueryResult<CustomFieldDefinition[]>;
  save(patch: Record<string, unknown>, allowDuplicate?: boolean): Promise<SaveOutcome>;
}) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const yesNo = { yes: t('record.yes'), no: t('record.no') };
  if (definitions.isError) {
    return (
      <Section title={t('record.customFields')} id="custom-fields">
        <ProblemView error={definitions.error} onRetry={() => void definitions.refetch()} compact />
      </Section>
    );
  }
  if (definitions.isPending) return <Spinner label={t('common:app.loading')} />;
  if (definitions.data.length === 0) return null;
  const values = record.customFields ?? {};
  return (
    <Section title={t('record.customFields')} id="custom-fields">
      <dl className={styles.fields}>
        {definitions.data.map((definition) => {
          const key = definition.key as string;
          const value = values[key];
          return (
            <FieldRow<CustomFieldInput>
              key={key}
              field={`customFields.${key}`}
              label={definition.required ? `${definition.label} *` : definition.label ?? key}
              display={fieldType(definition) === 'url' && typeof value === 'string'
                ? <a href={value} target="_blank" rel="noreferrer noopener">{value}</a>
                : displayValue(definition, value, format, yesNo)}
              initial={() => toInput(definition, value)}
              editor={(props) => <CustomFieldEditor {...props} definition={definition} />}
              toPatch={(draft) => {
                const result = fromInput(definition, draft, decimalSeparator(format.locale));
                return 'issue' in result
                  ? { issue: t(`customField.${result.issue}`) }
                  : { patch: { customFields: { [key]: result.value } } };
              }}
              save={save}
            />
          );
        })}
      </dl>
    </Section>
  );
}
