import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { useContext, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeams } from '@/api/users';
import { Button, Field, inputClass, Select, UserSelect } from '@/ui';
import { usePipelines } from '@/features/deals/api';
import { openStages } from '@/features/deals/requiredFields';
import { CurrencySelect } from '@/features/deals/pickers';
import { GroupEditor } from './ConditionEditor';
import { ErrorsContext, useErrorsUnder, useFieldError } from './errors';
import {
  ACTION_RECORDS, ACTION_TYPES, CHANNELS, newAction, PRIORITIES, TASK_TYPES, updatableFields,
  type Action, type ActionType, type FieldChoice, type Person, type RecordType,
} from './model';
import styles from './automation.module.css';

const MAX_BRANCH_DEPTH = 5;

interface Shared {
  recordTypes: RecordType[];
  choices: FieldChoice[];
  webhooks: boolean;
}

/** The actions run in sequence; a branch holds two more lists. */
export function ActionList({ actions, path, onChange, depth = 0, ...shared }: Shared & {
  actions: Action[];
  path: string;
  onChange(actions: Action[]): void;
  depth?: number;
}) {
  const { t } = useTranslation('automation');
  const listError = useFieldError(path);
  const [adding, setAdding] = useState<ActionType>('create_task');
  const addId = useId();
  const offered = ACTION_TYPES.filter((type) => (type !== 'webhook' || shared.webhooks) && (type !== 'branch' || depth < MAX_BRANCH_DEPTH)
    && fits(type, shared.recordTypes));
  const set = (index: number, action: Action) => onChange(actions.map((old, i) => (i === index ? action : old)));
  const move = (index: number, by: number) => {
    const next = [...actions];
    const [moved] = next.splice(index, 1);
    if (moved) next.splice(index + by, 0, moved);
    onChange(next);
  };
  return (
    <div className={styles.actions}>
      {listError && <div className={styles.error} role="alert">{listError}</div>}
      <ol className={styles.actionList}>
        {actions.map((action, index) => (
          <li key={index} className={styles.action}>
            <div className={styles.actionHead}>
              <h4>{index + 1}. {t(`action.${action.type}`)}</h4>
              <div className={styles.row}>
                <Button size="sm" variant="ghost" disabled={index === 0} onClick={() => move(index, -1)}
                  aria-label={t('action.moveUp', { number: index + 1 })}><ArrowUp size={14} aria-hidden /></Button>
                <Button size="sm" variant="ghost" disabled={index === actions.length - 1} onClick={() => move(index, 1)}
                  aria-label={t('action.moveDown', { number: index + 1 })}><ArrowDown size={14} aria-hidden /></Button>
                <Button size="sm" variant="ghost" onClick={() => onChange(actions.filter((_, i) => i !== index))}
                  aria-label={t('action.remove', { number: index + 1 })}><Trash2 size={14} aria-hidden /></Button>
              </div>
            </div>
            <ActionFields action={action} path={`${path}[${index}]`} onChange={(next) => set(index, next)} depth={depth} {...shared} />
          </li>
        ))}
      </ol>
      <div className={styles.addAction}>
        <label htmlFor={addId} className="muted">{t('action.addLabel')}</label>
        <Select id={addId} value={adding} className={styles.narrow} onChange={(event) => setAdding(event.target.value as ActionType)}>
          {offered.map((type) => <option key={type} value={type}>{t(`action.${type}`)}</option>)}
        </Select>
        <Button size="sm" onClick={() => onChange([...actions, newAction(adding)])}>
          <Plus size={14} aria-hidden /> {t('action.add')}
        </Button>
      </div>
    </div>
  );
}

function fits(type: ActionType, recordTypes: RecordType[]): boolean {
  const allowed = ACTION_RECORDS[type];
  return !allowed || recordTypes.length === 0 || recordTypes.every((record) => allowed.includes(record));
}

function ActionFields({ action, path, onChange, depth, ...shared }: Shared & {
  action: Action;
  path: string;
  onChange(action: Action): void;
  depth: number;
}) {
  const { t } = useTranslation('automation');
  const errors = useContext(ErrorsContext);
  const error = (member: string) => errors[`${path}.${member}`];
  // problems of the action as a whole (unknown type, does not fit the trigger's records)
  const own = errors[path];
  const typeError = errors[`${path}.type`];
  const whole = [own, typeError].filter(Boolean).join(' ') || undefined;
  const text = (member: string, value: string | undefined, update: (value: string) => Action, hint?: string, required = false) => (
    <Field label={t(`field.${member}`)} error={error(member)} hint={hint} required={required}>
      <input className={inputClass} value={value ?? ''} onChange={(event) => onChange(update(event.target.value))} />
    </Field>
  );
  let fields;
  switch (action.type) {
    case 'create_task':
      fields = (
        <div className={styles.grid}>
          {text('title', action.title, (title) => ({ ...action, title }), t('hint.template', { example: '{{deal.title}}, {{owner.name}}' }), true)}
          <Field label={t('field.taskType')} error={error('taskType')}>
            <Select value={action.taskType ?? 'todo'} onChange={(event) => onChange({ ...action, taskType: event.target.value })}>
              {TASK_TYPES.map((type) => <option key={type} value={type}>{t(`taskType.${type}`)}</option>)}
            </Select>
          </Field>
          {text('dueIn', action.dueIn, (dueIn) => ({ ...action, dueIn }), t('hint.duration'))}
          <Field label={t('field.priority')} error={error('priority')}>
            <Select value={action.priority ?? ''} onChange={(event) => onChange({ ...action, priority: event.target.value || undefined })}>
              <option value="">{t('priority.default')}</option>
              {PRIORITIES.map((priority) => <option key={priority} value={priority}>{t(`priority.${priority}`)}</option>)}
            </Select>
          </Field>
          <PersonFields label={t('field.assignee')} person={action.assignee ?? { type: 'owner' }} path={`${path}.assignee`}
            kinds={['owner', 'manager', 'user', 'round_robin']} onChange={(assignee) => onChange({ ...action, assignee })} />
          <Field label={t('field.description')} error={error('description')} className={styles.wide}>
            <textarea className={inputClass} rows={2} value={action.description ?? ''}
              onChange={(event) => onChange({ ...action, description: event.target.value })} />
          </Field>
        </div>
      );
      break;
    case 'create_deal':
      fields = (
        <div className={styles.grid}>
          {text('name', action.name, (name) => ({ ...action, name }), t('hint.template', { example: '{{contact.firstName}} {{contact.lastName}}' }), true)}
          <DealPlaceFields action={action} error={error} onChange={onChange} />
          {text('amount', action.amount, (amount) => ({ ...action, amount, currency: action.currency ?? 'EUR' }), t('hint.amount'))}
          <Field label={t('field.currency')} error={error('currency')}>
            <CurrencySelect value={action.currency ?? 'EUR'} onChange={(event) => onChange({ ...action, currency: event.target.value })} />
          </Field>
          <PersonFields label={t('field.dealOwner')} person={action.owner ?? { type: 'owner' }} path={`${path}.owner`}
            kinds={['owner', 'user', 'round_robin', 'manager']} onChange={(owner) => onChange({ ...action, owner })} />
        </div>
      );
      break;
    case 'notify':
      fields = (
        <div className={styles.grid}>
          {text('title', action.title, (title) => ({ ...action, title }), t('hint.template', { example: '{{deal.title}}, {{owner.name}}' }), true)}
          <Field label={t('field.body')} error={error('body')}>
            <input className={inputClass} value={action.body ?? ''} onChange={(event) => onChange({ ...action, body: event.target.value })} />
          </Field>
          <fieldset className={styles.checks}>
            <legend>{t('field.channels')}</legend>
            {CHANNELS.map((channel) => (
              <label key={channel}>
                <input type="checkbox" checked={(action.channels ?? ['in_app']).includes(channel)}
                  onChange={(event) => {
                    const channels = (action.channels ?? ['in_app']).filter((c) => c !== channel);
                    onChange({ ...action, channels: event.target.checked ? [...channels, channel] : channels });
                  }} /> {t(`channel.${channel}`)}
              </label>
            ))}
            {error('channels') && <div className={styles.error} role="alert">{error('channels')}</div>}
          </fieldset>
          <div className={styles.wide}>
            {action.recipients.map((recipient, index) => (
              <div key={index} className={styles.row}>
                <PersonFields label={t('field.recipient', { number: index + 1 })} person={recipient} path={`${path}.recipients[${index}]`}
                  kinds={['owner', 'manager', 'user']}
                  onChange={(person) => onChange({ ...action, recipients: action.recipients.map((old, i) => (i === index ? person : old)) })} />
                {action.recipients.length > 1 && (
                  <Button size="sm" variant="ghost" aria-label={t('field.removeRecipient', { number: index + 1 })}
                    onClick={() => onChange({ ...action, recipients: action.recipients.filter((_, i) => i !== index) })}>
                    <Trash2 size={14} aria-hidden />
                  </Button>
                )}
              </div>
            ))}
            {error('recipients') && <div className={styles.error} role="alert">{error('recipients')}</div>}
            <Button size="sm" variant="ghost" onClick={() => onChange({ ...action, recipients: [...action.recipients, { type: 'manager' }] })}>
              <Plus size={14} aria-hidden /> {t('field.addRecipient')}
            </Button>
          </div>
        </div>
      );
      break;
    case 'update_field': {
      const fieldsOffered = updatableFields(shared.recordTypes);
      fields = (
        <div className={styles.grid}>
          <Field label={t('field.field')} error={error('field')} hint={t('hint.updateField')} required>
            <input className={inputClass} list={`${path}-fields`} value={action.field}
              onChange={(event) => onChange({ ...action, field: event.target.value })} />
          </Field>
          <datalist id={`${path}-fields`}>{fieldsOffered.map((field) => <option key={field} value={field} />)}</datalist>
          <Field label={t('field.value')} error={error('value')} hint={t('hint.valueTemplate')}>
            <input className={inputClass} value={action.value === null ? '' : String(action.value)}
              onChange={(event) => onChange({ ...action, value: event.target.value })} />
          </Field>
        </div>
      );
      break;
    }
    case 'move_stage':
      fields = text('stageId', action.stageId, (stageId) => ({ ...action, stageId }), t('hint.stageId'), true);
      break;
    case 'change_owner':
      fields = <PersonFields label={t('field.owner')} person={action.owner} path={`${path}.owner`}
        kinds={['round_robin', 'user', 'manager']} onChange={(owner) => onChange({ ...action, owner })} />;
      break;
    case 'add_tag':
      fields = text('tag', action.tag, (tag) => ({ ...action, tag }), undefined, true);
      break;
    case 'webhook':
      fields = text('url', action.url, (url) => ({ ...action, url }), t('hint.webhook'), true);
      break;
    case 'wait':
      fields = text('duration', action.duration, (duration) => ({ ...action, duration }), t('hint.duration'), true);
      break;
    case 'wait_until':
      fields = (
        <>
          <GroupEditor group={action.condition} path={`${path}.condition`} choices={shared.choices} depth={1}
            label={t('field.until')} onChange={(condition) => onChange({ ...action, condition })} />
          <div className={styles.grid}>
            {text('timeout', action.timeout, (timeout) => ({ ...action, timeout }), t('hint.duration'), true)}
            {text('checkEvery', action.checkEvery, (checkEvery) => ({ ...action, checkEvery }), t('hint.duration'))}
            <Field label={t('field.onTimeout')} error={error('onTimeout')}>
              <Select value={action.onTimeout ?? 'continue'} onChange={(event) => onChange({ ...action, onTimeout: event.target.value as 'continue' | 'stop' })}>
                <option value="continue">{t('onTimeout.continue')}</option>
                <option value="stop">{t('onTimeout.stop')}</option>
              </Select>
            </Field>
          </div>
        </>
      );
      break;
    case 'branch':
      fields = (
        <>
          <GroupEditor group={action.if} path={`${path}.if`} choices={shared.choices} depth={1} label={t('field.if')}
            onChange={(condition) => onChange({ ...action, if: condition })} />
          <div className={styles.branch}>
            <h5>{t('field.then')}</h5>
            <ActionList actions={action.then} path={`${path}.then`} depth={depth + 1} {...shared} onChange={(then) => onChange({ ...action, then })} />
            <h5>{t('field.else')}</h5>
            <ActionList actions={action.else} path={`${path}.else`} depth={depth + 1} {...shared} onChange={(otherwise) => onChange({ ...action, else: otherwise })} />
          </div>
        </>
      );
      break;
    case 'stop':
      fields = text('reason', action.reason, (reason) => ({ ...action, reason }));
      break;
  }
  return (
    <>
      {whole && <div className={styles.error} role="alert">{whole}</div>}
      {fields}
    </>
  );
}

/** The pipeline and stage a create_deal action opens its deal in, chosen from deals-service's pipelines. */
function DealPlaceFields({ action, error, onChange }: {
  action: Extract<Action, { type: 'create_deal' }>;
  error(member: string): string | undefined;
  onChange(action: Action): void;
}) {
  const { t } = useTranslation('automation');
  const pipelines = usePipelines();
  const pipeline = pipelines.data?.find((p) => p.id === action.pipelineId);
  const stages = openStages(pipeline);
  return (
    <>
      <Field label={t('field.pipeline')} error={error('pipelineId') ?? (pipelines.isError ? pipelines.error.message : undefined)} required>
        <Select value={action.pipelineId} onChange={(event) => onChange({ ...action, pipelineId: event.target.value, stageId: undefined })}>
          <option value="">{t('condition.choose')}</option>
          {(pipelines.data ?? []).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          {action.pipelineId && !pipeline && <option value={action.pipelineId}>{action.pipelineId}</option>}
        </Select>
      </Field>
      <Field label={t('field.dealStage')} error={error('stageId')}>
        <Select value={action.stageId ?? ''} onChange={(event) => onChange({ ...action, stageId: event.target.value || undefined })}>
          <option value="">{t('hint.firstStage')}</option>
          {stages.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </Select>
      </Field>
    </>
  );
}

/** Who: the record's owner, the owner's manager, a named person, or the next of a team in turn. */
function PersonFields({ label, person, path, kinds, onChange }: {
  label: string;
  person: Person;
  path: string;
  kinds: Person['type'][];
  onChange(person: Person): void;
}) {
  const { t } = useTranslation('automation');
  const teams = useTeams();
  const typeError = useFieldError(`${path}.type`);
  const detailError = useErrorsUnder(path, [`${path}.type`]);
  return (
    <div className={styles.person}>
      <Field label={label} error={typeError}>
        <Select value={person.type} onChange={(event) => {
          const type = event.target.value as Person['type'];
          onChange(type === 'user' ? { type, userId: '' } : type === 'round_robin' ? { type, team: teams.data?.[0]?.id ?? '' } : { type });
        }}>
          {kinds.map((kind) => <option key={kind} value={kind}>{t(`person.${kind}`)}</option>)}
        </Select>
      </Field>
      {person.type === 'user' && (
        <Field label={t('person.whom')} error={detailError} required>
          <UserSelect value={person.userId} emptyLabel={t('condition.choose')} onChange={(event) => onChange({ type: 'user', userId: event.target.value })} />
        </Field>
      )}
      {person.type === 'round_robin' && (
        <Field label={t('person.team')} error={detailError} required>
          <Select value={person.team} onChange={(event) => onChange({ type: 'round_robin', team: event.target.value })}>
            <option value="">{t('condition.choose')}</option>
            {(teams.data ?? []).map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
          </Select>
        </Field>
      )}
      {(person.type === 'owner' || person.type === 'manager') && detailError && <div className={styles.error} role="alert">{detailError}</div>}
    </div>
  );
}
