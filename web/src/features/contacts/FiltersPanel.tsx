import * as Popover from '@radix-ui/react-popover';
import { Filter, X } from 'lucide-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useUserName } from '@/api/users';
import { useMe } from '@/auth/AuthContext';
import { Button, Field, inputClass, Select, UserSelect } from '@/ui';
import { LIFECYCLE_STAGES, SOURCES, useCompany } from './api';
import { CompanyPicker } from './CompanyPicker';
import { filterControl, sortable, type CustomFieldDefinition } from './customFields';
import { countFilters, withFilter, type ListFilters } from './filters';
import styles from './contacts.module.css';

/** Which filters a list offers: contacts have them all, companies only the owner and custom fields. */
export type FilterSet = 'contact' | 'company';

/** The filters of a list in a popover, each applied as soon as it is chosen (the URL follows). */
export function FiltersButton({
  filters, onChange, definitions, set = 'contact',
}: {
  filters: ListFilters;
  onChange(filters: ListFilters): void;
  definitions: readonly CustomFieldDefinition[];
  set?: FilterSet;
}) {
  const { t } = useTranslation('contacts');
  const me = useMe();
  const count = countFilters(filters);
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <Button>
          <Filter size={15} aria-hidden /> {t('filters.button')}
          {count > 0 && (
            <>
              {' '}
              <span className={styles.count}>{count}</span>
              <span className="visually-hidden"> {t('filters.applied', { count })}</span>
            </>
          )}
        </Button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className={styles.popover} align="start" sideOffset={6} aria-label={t('filters.title')}>
          <div className="stack">
            <Field label={t('field.owner')}>
              <UserSelect
                value={filters.ownerId ?? ''}
                emptyLabel={t('filters.anyone')}
                onChange={(e) => onChange(withFilter(filters, 'ownerId', e.target.value))}
              />
            </Field>
            {filters.ownerId !== me.id && (
              <Button size="sm" variant="ghost" onClick={() => onChange(withFilter(filters, 'ownerId', me.id))}>
                {t('filters.mine')}
              </Button>
            )}
            {set === 'contact' && (
              <>
                <Field label={t('field.lifecycleStage')}>
                  <Select value={filters.lifecycleStage ?? ''} onChange={(e) => onChange(withFilter(filters, 'lifecycleStage', e.target.value))}>
                    <option value="">{t('filters.any')}</option>
                    {LIFECYCLE_STAGES.map((stage) => <option key={stage} value={stage}>{t(`lifecycle.${stage}`)}</option>)}
                  </Select>
                </Field>
                <Field label={t('field.source')}>
                  <Select value={filters.source ?? ''} onChange={(e) => onChange(withFilter(filters, 'source', e.target.value))}>
                    <option value="">{t('filters.any')}</option>
                    {SOURCES.map((source) => <option key={source} value={source}>{t(`source.${source}`)}</option>)}
                  </Select>
                </Field>
                <Field label={t('field.tag')}>
                  <TextFilter value={filters.tag ?? ''} onCommit={(value) => onChange(withFilter(filters, 'tag', value))} />
                </Field>
                <CompanyFilter value={filters.companyId} onChange={(companyId) => onChange(withFilter(filters, 'companyId', companyId))} />
              </>
            )}
            {definitions.map((definition) => (
              <CustomFieldFilter
                key={definition.key}
                definition={definition}
                value={filters.custom[definition.key as string] ?? ''}
                onChange={(value) => onChange(withFilter(filters, `cf.${definition.key}`, value))}
              />
            ))}
            {count > 0 && (
              <Button size="sm" onClick={() => onChange({ q: filters.q, sort: filters.sort, custom: {} })}>
                {t('filters.clear')}
              </Button>
            )}
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

/** A text filter applied on Enter or when the field is left, not on every key (each change is a new list). */
function TextFilter({ value, onCommit, type = 'text', ...rest }: { value: string; onCommit(value: string): void; type?: string; 'aria-label'?: string; id?: string }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <input
      className={inputClass}
      type={type}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => draft !== value && onCommit(draft.trim())}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          onCommit(draft.trim());
        }
      }}
      {...rest}
    />
  );
}

function CompanyFilter({ value, onChange }: { value: string | undefined; onChange(companyId: string | undefined): void }) {
  const { t } = useTranslation('contacts');
  const company = useCompany(value);
  return (
    <Field label={t('field.company')}>
      <CompanyPicker
        key={value ?? 'none'}
        value={{ id: value ?? '', name: value ? company.data?.name ?? '' : '' }}
        onChange={(choice) => onChange(choice.id || undefined)}
      />
    </Field>
  );
}

function CustomFieldFilter({ definition, value, onChange }: { definition: CustomFieldDefinition; value: string; onChange(value: string): void }) {
  const { t } = useTranslation('contacts');
  const label = definition.label ?? definition.key;
  switch (filterControl(definition)) {
    case 'options':
      return (
        <Field label={label}>
          <Select value={value} onChange={(e) => onChange(e.target.value)}>
            <option value="">{t('filters.any')}</option>
            {(definition.options ?? []).map((option) => <option key={option} value={option}>{option}</option>)}
          </Select>
        </Field>
      );
    case 'boolean':
      return (
        <Field label={label}>
          <Select value={value} onChange={(e) => onChange(e.target.value)}>
            <option value="">{t('filters.any')}</option>
            <option value="true">{t('record.yes')}</option>
            <option value="false">{t('record.no')}</option>
          </Select>
        </Field>
      );
    case 'date':
      return <Field label={label}><TextFilter type="date" value={value} onCommit={onChange} /></Field>;
    case 'number':
      return <Field label={label} hint={t('filters.exact')}><TextFilter value={value} onCommit={onChange} /></Field>;
    default:
      return <Field label={label} hint={t('filters.exact')}><TextFilter value={value} onCommit={onChange} /></Field>;
  }
}

/** The chosen filters as removable chips under the toolbar, so the person always sees why the list is short. */
export function FilterChips({
  filters, onChange, definitions,
}: {
  filters: ListFilters;
  onChange(filters: ListFilters): void;
  definitions: readonly CustomFieldDefinition[];
}) {
  const { t } = useTranslation('contacts');
  const userName = useUserName();
  const company = useCompany(filters.companyId);
  const chips: { name: Parameters<typeof withFilter>[1]; label: ReactNode }[] = [];
  if (filters.ownerId) chips.push({ name: 'ownerId', label: `${t('field.owner')}: ${userName(filters.ownerId)}` });
  if (filters.lifecycleStage) chips.push({ name: 'lifecycleStage', label: `${t('field.lifecycleStage')}: ${t(`lifecycle.${filters.lifecycleStage}`, { defaultValue: filters.lifecycleStage })}` });
  if (filters.source) chips.push({ name: 'source', label: `${t('field.source')}: ${t(`source.${filters.source}`, { defaultValue: filters.source })}` });
  if (filters.tag) chips.push({ name: 'tag', label: `${t('field.tag')}: ${filters.tag}` });
  if (filters.companyId) chips.push({ name: 'companyId', label: `${t('field.company')}: ${company.data?.name ?? '…'}` });
  for (const [key, value] of Object.entries(filters.custom)) {
    const definition = definitions.find((d) => d.key === key);
    chips.push({ name: `cf.${key}`, label: `${definition?.label ?? key}: ${value}` });
  }
  if (chips.length === 0) return null;
  return (
    <ul className={styles.chips} aria-label={t('filters.active')}>
      {chips.map((chip) => (
        <li key={chip.name} className={styles.chip}>
          <span>{chip.label}</span>
          <button type="button" aria-label={t('filters.remove', { filter: String(chip.label) })} onClick={() => onChange(withFilter(filters, chip.name, undefined))}>
            <X size={12} aria-hidden />
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The orders a list offers: creation, name, last change, and each custom field that sorts. */
export function SortSelect({
  value, onChange, definitions, nameSort = 'lastName',
}: {
  value: string;
  onChange(sort: string): void;
  definitions: readonly CustomFieldDefinition[];
  nameSort?: 'lastName' | 'name';
}) {
  const { t } = useTranslation('contacts');
  return (
    <Select value={value} onChange={(e) => onChange(e.target.value)} aria-label={t('sort.label')} className={styles.sort}>
      <option value="-createdAt">{t('sort.newest')}</option>
      <option value="createdAt">{t('sort.oldest')}</option>
      <option value={nameSort}>{t('sort.nameAsc')}</option>
      <option value={`-${nameSort}`}>{t('sort.nameDesc')}</option>
      <option value="-updatedAt">{t('sort.recentlyUpdated')}</option>
      <option value="updatedAt">{t('sort.leastRecentlyUpdated')}</option>
      {definitions.filter(sortable).flatMap((definition) => [
        <option key={`cf.${definition.key}`} value={`cf.${definition.key}`}>{t('sort.fieldAsc', { field: definition.label })}</option>,
        <option key={`-cf.${definition.key}`} value={`-cf.${definition.key}`}>{t('sort.fieldDesc', { field: definition.label })}</option>,
      ])}
    </Select>
  );
}
