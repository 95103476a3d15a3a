import { Plus, Trash2 } from 'lucide-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, inputClass, Select, UserSelect } from '@/ui';
import { useErrorsUnder, useFieldError } from './errors';
import {
  emptyGroup, groupItemsPath, kindOf, OPERATORS, operatorTakesList, operatorTakesValue,
  type FieldChoice, type Group, type Leaf, type Operator, type Scalar, type ValueKind,
} from './model';
import styles from './automation.module.css';

const MAX_DEPTH = 8;

/** An all / any / not group of conditions, nested up to the service's limit, each field offered with its value type. */
export function GroupEditor({ group, path, onChange, choices, depth = 0, label }: {
  group: Group;
  path: string;
  onChange(group: Group): void;
  choices: FieldChoice[];
  depth?: number;
  label: string;
}) {
  const { t } = useTranslation('automation');
  const itemsPath = groupItemsPath(path, group);
  const itemsError = useFieldError(itemsPath);
  const ownError = useFieldError(path);
  const groupError = itemsError ?? ownError;
  const setItem = (index: number, item: Leaf | Group) => onChange({ ...group, items: group.items.map((old, i) => (i === index ? item : old)) });
  const remove = (index: number) => onChange({ ...group, items: group.items.filter((_, i) => i !== index) });
  const matchId = useId();
  return (
    <fieldset className={styles.group} data-depth={depth}>
      <legend className={styles.groupLegend}>{label}</legend>
      <div className={styles.groupHead}>
        <label htmlFor={matchId} className="muted">{t('condition.match')}</label>
        <Select id={matchId} value={`${group.negate ? 'not_' : ''}${group.match}`} className={styles.narrow}
          onChange={(event) => {
            const value = event.target.value;
            onChange({ ...group, negate: value.startsWith('not_'), match: value.endsWith('any') ? 'any' : 'all' });
          }}>
          <option value="all">{t('condition.all')}</option>
          <option value="any">{t('condition.any')}</option>
          <option value="not_all">{t('condition.notAll')}</option>
          <option value="not_any">{t('condition.notAny')}</option>
        </Select>
      </div>
      {groupError && <div className={styles.error} role="alert">{groupError}</div>}
      {group.items.length === 0 && <p className="muted">{t('condition.none')}</p>}
      <ol className={styles.conditionList}>
        {group.items.map((item, index) => (
          <li key={index}>
            {item.kind === 'leaf' ? (
              <LeafEditor leaf={item} path={`${itemsPath}[${index}]`} choices={choices}
                onChange={(leaf) => setItem(index, leaf)} onRemove={() => remove(index)} />
            ) : (
              <div className={styles.nested}>
                <GroupEditor group={item} path={`${itemsPath}[${index}]`} choices={choices} depth={depth + 1}
                  label={t('condition.nestedGroup', { number: index + 1 })} onChange={(inner) => setItem(index, inner)} />
                <Button size="sm" variant="ghost" onClick={() => remove(index)}>
                  <Trash2 size={14} aria-hidden /> {t('condition.removeGroup')}
                </Button>
              </div>
            )}
          </li>
        ))}
      </ol>
      <div className={styles.row}>
        <Button size="sm" onClick={() => onChange({ ...group, items: [...group.items, { kind: 'leaf', field: choices[0]?.path ?? '', op: 'equals', value: '' }] })}>
          <Plus size={14} aria-hidden /> {t('condition.add')}
        </Button>
        {depth + 1 < MAX_DEPTH && (
          <Button size="sm" variant="ghost" onClick={() => onChange({ ...group, items: [...group.items, emptyGroup()] })}>
            <Plus size={14} aria-hidden /> {t('condition.addGroup')}
          </Button>
        )}
      </div>
    </fieldset>
  );
}

const CUSTOM = '__custom__';

function LeafEditor({ leaf, path, choices, onChange, onRemove }: {
  leaf: Leaf;
  path: string;
  choices: FieldChoice[];
  onChange(leaf: Leaf): void;
  onRemove(): void;
}) {
  const { t } = useTranslation('automation');
  const known = choices.some((choice) => choice.path === leaf.field);
  const kind = kindOf(leaf.field, choices);
  const fieldError = useFieldError(`${path}.field`);
  const opError = useFieldError(`${path}.op`);
  // beside the value: its own problems and those of the comparison as a whole
  const valueError = useErrorsUnder(path, [`${path}.field`, `${path}.op`]);
  return (
    <div className={styles.leaf}>
      <Field label={t('condition.field')} error={fieldError}>
        <Select value={known ? leaf.field : CUSTOM}
          onChange={(event) => onChange({ ...leaf, field: event.target.value === CUSTOM ? '' : event.target.value, value: '' })}>
          {choices.map((choice) => <option key={choice.path} value={choice.path}>{choice.path}</option>)}
          <option value={CUSTOM}>{t('condition.otherField')}</option>
        </Select>
      </Field>
      {!known && (
        <Field label={t('condition.fieldPath')} hint={t('condition.fieldPathHint')}>
          <input className={inputClass} value={leaf.field} onChange={(event) => onChange({ ...leaf, field: event.target.value })} />
        </Field>
      )}
      <Field label={t('condition.operator')} error={opError}>
        <Select value={leaf.op} onChange={(event) => onChange({ ...leaf, op: event.target.value as Operator })}>
          {OPERATORS.map((op) => <option key={op} value={op}>{t(`op.${op}`)}</option>)}
        </Select>
      </Field>
      {operatorTakesValue(leaf.op) && (
        <Field label={operatorTakesList(leaf.op) ? t('condition.values') : t('condition.value')} error={valueError}
          hint={operatorTakesList(leaf.op) ? t('condition.valuesHint') : undefined}>
          {operatorTakesList(leaf.op)
            ? <input className={inputClass} value={listText(leaf.value)}
                onChange={(event) => onChange({ ...leaf, value: event.target.value.split(',').map((part) => typed(part.trim(), kind)) })} />
            : <ValueInput kind={kind} value={leaf.value as Scalar | undefined} onChange={(value) => onChange({ ...leaf, value })} />}
        </Field>
      )}
      <Button size="sm" variant="ghost" onClick={onRemove} aria-label={t('condition.remove')} className={styles.removeLeaf}>
        <Trash2 size={14} aria-hidden />
      </Button>
    </div>
  );
}

function listText(value: Leaf['value']): string {
  return Array.isArray(value) ? value.map((part) => String(part ?? '')).join(', ') : value === undefined || value === null ? '' : String(value);
}

function typed(text: string, kind: ValueKind): Scalar {
  if (kind === 'number' && text !== '' && !Number.isNaN(Number(text))) return Number(text);
  return text;
}

/** The input that fits the field's value type; ids and aria come from the surrounding Field. */
export function ValueInput({ kind, value, onChange, ...aria }: { kind: ValueKind; value: Scalar | undefined; onChange(value: Scalar): void }) {
  const { t } = useTranslation('automation');
  const text = value === undefined || value === null ? '' : String(value);
  if (typeof kind === 'object') {
    return (
      <Select {...aria} value={text} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('condition.choose')}</option>
        {kind.options.map((option) => <option key={option} value={option}>{option}</option>)}
      </Select>
    );
  }
  if (kind === 'user') return <UserSelect {...aria} value={text} emptyLabel={t('condition.choose')} onChange={(event) => onChange(event.target.value)} />;
  if (kind === 'number') {
    return <input {...aria} className={inputClass} type="number" inputMode="decimal" value={text}
      onChange={(event) => onChange(event.target.value === '' ? '' : Number(event.target.value))} />;
  }
  if (kind === 'date') {
    return <input {...aria} className={inputClass} value={text} placeholder="2026-12-31 · today · now+P7D" onChange={(event) => onChange(event.target.value)} />;
  }
  return <input {...aria} className={inputClass} value={text} onChange={(event) => onChange(event.target.value)} />;
}
