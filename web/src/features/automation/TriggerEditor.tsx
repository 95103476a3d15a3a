import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, inputClass, Select } from '@/ui';
import type { Catalog } from './api';
import { useErrorsUnder, useFieldError } from './errors';
import { RECORD_TYPES, recordTypeOfEvent, type RecordType, type Trigger } from './model';
import styles from './automation.module.css';

type Kind = 'event' | 'change' | 'date' | 'schedule';

/** The fields "changed to" can watch, as the service reads them from events (README "Triggers"). */
const CHANGE_FIELDS: Record<RecordType, string[]> = {
  deal: ['stage.name', 'stage.id', 'stage.kind', 'status', 'amount', 'ownerId', 'expectedCloseDate'],
  contact: ['lifecycleStage', 'ownerId', 'source', 'email', 'tags'],
  company: ['ownerId', 'industry', 'size'],
  task: ['status', 'assigneeId', 'priority', 'dueAt'],
};

export function TriggerEditor({ trigger, onChange, catalog }: { trigger: Trigger; onChange(trigger: Trigger): void; catalog: Catalog | undefined }) {
  const { t } = useTranslation('automation');
  const [kind, setKind] = useState<Kind>(trigger.type === 'event' && trigger.field ? 'change' : trigger.type);
  const error = (member: string) => useFieldError(`trigger.${member}`);
  const typeError = error('type');
  const wholeError = useFieldError('trigger');
  const eventsError = useErrorsUnder('trigger.events', []);
  const fieldError = error('field');
  const fromError = error('from');
  const toError = error('to');
  const recordError = error('record');
  const offsetError = error('offset');
  const atError = error('at');
  const cronError = error('cron');
  const zoneError = error('zone');

  const choose = (next: Kind) => {
    setKind(next);
    if (next === 'event' || next === 'change') {
      const events = trigger.type === 'event' ? trigger.events : [];
      onChange(next === 'event' ? { type: 'event', events } : { type: 'event', events, field: trigger.type === 'event' ? trigger.field ?? '' : '' });
    } else if (next === 'date') {
      onChange({ type: 'date', record: 'deal', field: catalog?.dateFields?.deal?.[0] ?? 'expectedCloseDate', offset: '-P3D', at: '09:00' });
    } else {
      onChange({ type: 'schedule', record: 'deal', cron: '0 0 9 * * MON', zone: Intl.DateTimeFormat().resolvedOptions().timeZone });
    }
  };

  const events = catalog?.events ?? [];
  const byRecord = RECORD_TYPES.map((record) => [record, events.filter((type) => recordTypeOfEvent(type) === record)] as const)
    .filter(([, types]) => types.length > 0);

  return (
    <div className={styles.section}>
      <Field label={t('trigger.kind')} error={typeError ?? wholeError}>
        <Select value={kind} onChange={(event) => choose(event.target.value as Kind)}>
          {(['event', 'change', 'date', 'schedule'] as Kind[]).map((k) => <option key={k} value={k}>{t(`trigger.${k}`)}</option>)}
        </Select>
      </Field>
      {trigger.type === 'event' && (
        <>
          <fieldset className={styles.events} aria-describedby={eventsError ? 'trigger-events-error' : undefined}>
            <legend>{t('trigger.events')}</legend>
            {byRecord.map(([record, types]) => (
              <div key={record} className={styles.eventGroup}>
                <div className={styles.eventRecord}>{t(`record.${record}`)}</div>
                {types.map((type) => (
                  <label key={type} className={styles.check}>
                    <input type="checkbox" checked={trigger.events.includes(type)}
                      onChange={(event) => onChange({ ...trigger, events: event.target.checked ? [...trigger.events, type] : trigger.events.filter((e) => e !== type) })} />
                    <span>{t(`event.${eventKey(type)}`, { defaultValue: type })} <code className="muted">{type}</code></span>
                  </label>
                ))}
              </div>
            ))}
            {eventsError && <div id="trigger-events-error" className={styles.error} role="alert">{eventsError}</div>}
          </fieldset>
          {kind === 'change' && (
            <div className={styles.grid}>
              <Field label={t('trigger.field')} error={fieldError} hint={t('trigger.fieldHint')} required>
                <input className={inputClass} list="trigger-fields" value={trigger.field ?? ''}
                  onChange={(event) => onChange({ ...trigger, field: event.target.value })} />
              </Field>
              <datalist id="trigger-fields">
                {[...new Set(trigger.events.map(recordTypeOfEvent).flatMap((record) => (record ? CHANGE_FIELDS[record] : [])))]
                  .map((field) => <option key={field} value={field} />)}
              </datalist>
              <Field label={t('trigger.from')} error={fromError} hint={t('trigger.anyValue')}>
                <input className={inputClass} value={trigger.from === undefined || trigger.from === null ? '' : String(trigger.from)}
                  onChange={(event) => onChange({ ...trigger, from: event.target.value })} />
              </Field>
              <Field label={t('trigger.to')} error={toError} hint={t('trigger.anyValue')}>
                <input className={inputClass} value={trigger.to === undefined || trigger.to === null ? '' : String(trigger.to)}
                  onChange={(event) => onChange({ ...trigger, to: event.target.value })} />
              </Field>
            </div>
          )}
        </>
      )}
      {trigger.type === 'date' && (
        <div className={styles.grid}>
          <Field label={t('trigger.record')} error={recordError}>
            <Select value={trigger.record} onChange={(event) => {
              const record = event.target.value as RecordType;
              onChange({ ...trigger, record, field: catalog?.dateFields?.[record]?.[0] ?? 'createdAt' });
            }}>
              {RECORD_TYPES.map((record) => <option key={record} value={record}>{t(`record.${record}`)}</option>)}
            </Select>
          </Field>
          <Field label={t('trigger.dateField')} error={fieldError} hint={t('trigger.dateFieldHint')} required>
            <input className={inputClass} list="trigger-date-fields" value={trigger.field}
              onChange={(event) => onChange({ ...trigger, field: event.target.value })} />
          </Field>
          <datalist id="trigger-date-fields">
            {(catalog?.dateFields?.[trigger.record] ?? []).map((field) => <option key={field} value={field} />)}
          </datalist>
          <Field label={t('trigger.offset')} error={offsetError} hint={t('trigger.offsetHint')}>
            <input className={inputClass} value={trigger.offset ?? ''} onChange={(event) => onChange({ ...trigger, offset: event.target.value })} />
          </Field>
          <Field label={t('trigger.at')} error={atError} hint={t('trigger.atHint')}>
            <input className={inputClass} type="time" value={trigger.at ?? ''} onChange={(event) => onChange({ ...trigger, at: event.target.value })} />
          </Field>
          <label className={styles.check}>
            <input type="checkbox" checked={!!trigger.annually} onChange={(event) => onChange({ ...trigger, annually: event.target.checked })} />
            {t('trigger.annually')}
          </label>
        </div>
      )}
      {trigger.type === 'schedule' && (
        <div className={styles.grid}>
          <Field label={t('trigger.record')} error={recordError} hint={t('trigger.scheduleRecordHint')}>
            <Select value={trigger.record} onChange={(event) => onChange({ ...trigger, record: event.target.value as RecordType })}>
              {RECORD_TYPES.map((record) => <option key={record} value={record}>{t(`record.${record}`)}</option>)}
            </Select>
          </Field>
          <Field label={t('trigger.cron')} error={cronError} hint={t('trigger.cronHint')} required>
            <input className={inputClass} value={trigger.cron} onChange={(event) => onChange({ ...trigger, cron: event.target.value })} />
          </Field>
          <Field label={t('trigger.zone')} error={zoneError}>
            <input className={inputClass} value={trigger.zone ?? ''} onChange={(event) => onChange({ ...trigger, zone: event.target.value })} />
          </Field>
        </div>
      )}
    </div>
  );
}

/** `pulse.deal.stage_changed.v1` → `deal_stage_changed`, the key of its name in the locale files. */
export function eventKey(type: string): string {
  const [, record, name] = type.split('.');
  return `${record}_${name}`;
}
