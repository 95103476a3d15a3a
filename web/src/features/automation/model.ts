/**
 * The rule model automation-service accepts (automation-service/README.md, "Rules"; RuleParser, Trigger,
 * ConditionParser, ActionParser), as the form editor holds it. The OpenAPI document describes a definition only as a
 * JSON object, so its shape is written here once; the service remains the judge of validity (its problems come back
 * with JSON paths such as `actions[0].dueIn`, which {@link conditionPath} and the editors build the same way).
 */

export type RecordType = 'contact' | 'company' | 'deal' | 'task';
export const RECORD_TYPES: RecordType[] = ['deal', 'contact', 'company', 'task'];

export type Trigger =
  | { type: 'event'; events: string[]; field?: string; from?: Scalar; to?: Scalar }
  | { type: 'date'; record: RecordType; field: string; offset?: string; at?: string; annually?: boolean }
  | { type: 'schedule'; record: RecordType; cron: string; zone?: string };

export type Scalar = string | number | boolean | null;

export const OPERATORS = ['equals', 'not_equals', 'gt', 'gte', 'lt', 'lte', 'contains', 'not_contains', 'in', 'not_in',
  'is_empty', 'is_not_empty', 'changed', 'changed_from', 'changed_to'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Leaf {
  kind: 'leaf';
  field: string;
  op: Operator;
  value?: Scalar | Scalar[];
}

/** `{"all": [...]}` or `{"any": [...]}`, wrapped in `{"not": ...}` when negated. */
export interface Group {
  kind: 'group';
  match: 'all' | 'any';
  negate: boolean;
  items: (Leaf | Group)[];
}

export type Person =
  | { type: 'owner' }
  | { type: 'manager' }
  | { type: 'user'; userId: string }
  | { type: 'round_robin'; team: string };

export type Action =
  | { type: 'create_task'; title: string; taskType?: string; description?: string; dueIn?: string; priority?: string; assignee?: Person }
  | { type: 'create_deal'; name: string; pipelineId: string; stageId?: string; amount?: string; currency?: string; owner?: Person }
  | { type: 'notify'; recipients: Person[]; channels?: string[]; title: string; body?: string }
  | { type: 'update_field'; field: string; value: Scalar }
  | { type: 'move_stage'; stageId: string }
  | { type: 'change_owner'; owner: Person }
  | { type: 'add_tag'; tag: string }
  | { type: 'webhook'; url: string }
  | { type: 'wait'; duration: string }
  | { type: 'wait_until'; condition: Group; timeout: string; checkEvery?: string; onTimeout?: 'continue' | 'stop' }
  | { type: 'branch'; if: Group; then: Action[]; else: Action[] }
  | { type: 'stop'; reason?: string };

export type ActionType = Action['type'];
export const ACTION_TYPES: ActionType[] = ['create_task', 'create_deal', 'notify', 'update_field', 'move_stage', 'change_owner', 'add_tag',
  'webhook', 'wait', 'wait_until', 'branch', 'stop'];
export const TASK_TYPES = ['todo', 'call', 'meeting', 'email', 'deadline'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
export const CHANNELS = ['in_app', 'email'];

/** Which record types an action works on (ActionParser.recordAction); the others fit every trigger. */
export const ACTION_RECORDS: Partial<Record<ActionType, RecordType[]>> = {
  update_field: ['contact', 'company', 'deal', 'task'],
  move_stage: ['deal'],
  change_owner: ['contact', 'company', 'deal', 'task'],
  add_tag: ['contact'],
  create_deal: ['contact', 'company'],
};

export interface Draft {
  name: string;
  description: string;
  team: string;
  enabled: boolean;
  trigger: Trigger;
  conditions: Group;
  actions: Action[];
}

export function emptyGroup(): Group {
  return { kind: 'group', match: 'all', negate: false, items: [] };
}

export function newDraft(team = ''): Draft {
  return {
    name: '',
    description: '',
    team,
    enabled: true,
    trigger: { type: 'event', events: [] },
    conditions: emptyGroup(),
    actions: [],
  };
}

export function newAction(type: ActionType): Action {
  switch (type) {
    case 'create_task': return { type, title: '', taskType: 'todo', dueIn: 'P1D', assignee: { type: 'owner' } };
    case 'create_deal': return { type, name: '', pipelineId: '', owner: { type: 'owner' } };
    case 'notify': return { type, recipients: [{ type: 'owner' }], channels: ['in_app'], title: '' };
    case 'update_field': return { type, field: '', value: '' };
    case 'move_stage': return { type, stageId: '' };
    case 'change_owner': return { type, owner: { type: 'round_robin', team: '' } };
    case 'add_tag': return { type, tag: '' };
    case 'webhook': return { type, url: '' };
    case 'wait': return { type, duration: 'P1D' };
    case 'wait_until': return { type, condition: emptyGroup(), timeout: 'P7D', onTimeout: 'continue' };
    case 'branch': return { type, if: emptyGroup(), then: [], else: [] };
    case 'stop': return { type };
  }
}

// ---- from the API's JSON

type Json = Record<string, unknown>;

export function groupFromJson(json: unknown): Group {
  if (!json || typeof json !== 'object') return emptyGroup();
  const node = json as Json;
  if ('not' in node) {
    const inner = node.not as Json;
    if (inner && typeof inner === 'object' && ('all' in inner || 'any' in inner)) return { ...groupFromJson(inner), negate: true };
    return { kind: 'group', match: 'all', negate: true, items: [itemFromJson(inner)] };
  }
  if ('all' in node || 'any' in node) {
    const match = 'all' in node ? 'all' : 'any';
    const items = Array.isArray(node[match]) ? (node[match] as unknown[]).map(itemFromJson) : [];
    return { kind: 'group', match, negate: false, items };
  }
  return { kind: 'group', match: 'all', negate: false, items: [itemFromJson(node)] };
}

function itemFromJson(json: unknown): Leaf | Group {
  const node = (json ?? {}) as Json;
  if ('all' in node || 'any' in node || 'not' in node) return groupFromJson(node);
  const leaf: Leaf = { kind: 'leaf', field: String(node.field ?? ''), op: (node.op as Operator) ?? 'equals' };
  if ('value' in node) leaf.value = node.value as Scalar | Scalar[];
  return leaf;
}

function actionFromJson(json: unknown): Action {
  const node = (json ?? {}) as Json;
  if (node.type === 'branch') {
    return { type: 'branch', if: groupFromJson(node.if), then: actionsFromJson(node.then), else: actionsFromJson(node.else) };
  }
  if (node.type === 'wait_until') {
    return { ...(node as unknown as Action), condition: groupFromJson(node.condition) } as Action;
  }
  return node as unknown as Action;
}

export function actionsFromJson(json: unknown): Action[] {
  return Array.isArray(json) ? json.map(actionFromJson) : [];
}

export function draftFromRule(rule: { name?: string; description?: string; team?: string; enabled?: boolean;
  trigger?: unknown; conditions?: unknown; actions?: unknown }): Draft {
  return {
    name: rule.name ?? '',
    description: rule.description ?? '',
    team: rule.team ?? '',
    enabled: rule.enabled ?? true,
    trigger: (rule.trigger as Trigger | undefined) ?? { type: 'event', events: [] },
    conditions: rule.conditions ? groupFromJson(rule.conditions) : emptyGroup(),
    actions: actionsFromJson(rule.actions),
  };
}

// ---- to the API's JSON

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Drops unset optional members, so the service fills in its defaults instead of refusing an empty text. */
function compact<T extends Json>(node: T, keep: string[] = []): T {
  return Object.fromEntries(Object.entries(node).filter(([key, value]) => keep.includes(key) || !blank(value))) as T;
}

export function groupToJson(group: Group): Json {
  const inner = { [group.match]: group.items.map((item) => (item.kind === 'leaf' ? leafToJson(item) : groupToJson(item))) };
  return group.negate ? { not: inner } : inner;
}

function leafToJson(leaf: Leaf): Json {
  const json: Json = { field: leaf.field, op: leaf.op };
  if (operatorTakesValue(leaf.op)) json.value = leaf.value ?? null;
  return json;
}

export function actionToJson(action: Action): Json {
  switch (action.type) {
    case 'branch':
      return { type: 'branch', if: groupToJson(action.if), then: action.then.map(actionToJson), else: action.else.map(actionToJson) };
    case 'wait_until':
      return compact({ ...action, condition: groupToJson(action.condition) });
    case 'update_field':
      return { type: action.type, field: action.field, value: action.value === '' ? null : action.value };
    case 'create_deal':
      // an amount goes with its currency; without an amount, neither is sent
      return compact({ ...action, ...(blank(action.amount) ? { currency: undefined } : {}) } as Json, ['name']);
    default:
      return compact({ ...action } as Json, ['title']);
  }
}

function triggerToJson(trigger: Trigger): Json {
  if (trigger.type === 'event') {
    const json: Json = { type: 'event', events: trigger.events };
    if (!blank(trigger.field)) {
      json.field = trigger.field;
      if (!blank(trigger.from)) json.from = trigger.from;
      if (!blank(trigger.to)) json.to = trigger.to;
    }
    return json;
  }
  return compact({ ...trigger } as Json);
}

/** The body of `POST /api/automation/rules` (and `PUT`, and the draft dry run's `rule`). */
export function draftToJson(draft: Draft): Json {
  const json: Json = { name: draft.name, trigger: triggerToJson(draft.trigger), actions: draft.actions.map(actionToJson), enabled: draft.enabled };
  if (!blank(draft.description)) json.description = draft.description;
  if (!blank(draft.team)) json.team = draft.team;
  // an empty root group means "no conditions" (the service refuses an empty all / any)
  if (draft.conditions.items.length > 0 || draft.conditions.negate) json.conditions = groupToJson(draft.conditions);
  return json;
}

// ---- paths, as the service names them in its problems

/** Where the children of a group sit: `conditions.all`, `conditions.not.any`, `actions[1].if.all[0].all`. */
export function groupItemsPath(path: string, group: Group): string {
  return `${path}${group.negate ? '.not' : ''}.${group.match}`;
}

export function operatorTakesValue(op: Operator): boolean {
  return !['is_empty', 'is_not_empty', 'changed'].includes(op);
}

export function operatorTakesList(op: Operator): boolean {
  return op === 'in' || op === 'not_in';
}

// ---- what a trigger fires on

export function recordTypeOfEvent(eventType: string): RecordType | undefined {
  const kind = eventType.split('.')[1];
  if (kind === 'activity') return 'contact';
  return RECORD_TYPES.find((type) => type === kind);
}

export function triggerRecordTypes(trigger: Trigger): RecordType[] {
  if (trigger.type !== 'event') return [trigger.record];
  const types = trigger.events.map(recordTypeOfEvent).filter((type): type is RecordType => !!type);
  return [...new Set(types)];
}

// ---- the fields a condition can read, per record type, with the kind of value they hold

export type ValueKind = 'text' | 'number' | 'date' | 'user' | 'list' | { options: string[] };

export interface FieldChoice {
  path: string;
  kind: ValueKind;
}

const RECORD_FIELDS: Record<RecordType, [string, ValueKind][]> = {
  deal: [['title', 'text'], ['amount', 'number'], ['currency', 'text'], ['stage.name', 'text'], ['stage.id', 'text'],
    ['status', { options: ['open', 'won', 'lost'] }], ['ownerId', 'user'], ['pipelineId', 'text'], ['source', 'text'],
    ['expectedCloseDate', 'date'], ['lostReason', 'text'], ['companyId', 'text'], ['createdAt', 'date']],
  contact: [['firstName', 'text'], ['lastName', 'text'], ['email', 'text'], ['phone', 'text'], ['jobTitle', 'text'],
    ['lifecycleStage', { options: ['lead', 'qualified', 'opportunity', 'customer', 'churned'] }],
    ['source', 'text'], ['tags', 'list'], ['ownerId', 'user'], ['companyId', 'text'], ['birthday', 'date'], ['createdAt', 'date']],
  company: [['name', 'text'], ['domain', 'text'], ['industry', 'text'], ['size', 'text'], ['ownerId', 'user'], ['createdAt', 'date']],
  task: [['title', 'text'], ['type', { options: TASK_TYPES }], ['priority', { options: PRIORITIES }],
    ['status', { options: ['open', 'done', 'cancelled'] }], ['assigneeId', 'user'], ['dueAt', 'date'], ['overdue', 'text']],
};

/**
 * The fields offered for conditions on these record types: the event's copy of the record (`deal.amount`), the record
 * as its service has it now (`record.amount`), and the owner in the users directory.
 */
export function fieldChoices(types: RecordType[]): FieldChoice[] {
  const choices: FieldChoice[] = [];
  for (const type of types) {
    for (const [field, kind] of RECORD_FIELDS[type]) choices.push({ path: `${type}.${field}`, kind });
    if (type === 'deal') choices.push({ path: 'newStage.name', kind: 'text' }, { path: 'previousStage.name', kind: 'text' });
  }
  const seen = new Set<string>();
  for (const type of types) {
    for (const [field, kind] of RECORD_FIELDS[type]) {
      if (seen.has(field)) continue;
      seen.add(field);
      choices.push({ path: `record.${field}`, kind });
    }
  }
  choices.push({ path: 'owner.team', kind: 'text' }, { path: 'owner.id', kind: 'user' }, { path: 'event.actor', kind: 'text' });
  return choices;
}

export function kindOf(path: string, choices: FieldChoice[]): ValueKind {
  return choices.find((choice) => choice.path === path)?.kind ?? 'text';
}

/** The fields `update_field` may set on these records (owner, stage and tags have actions of their own). */
export function updatableFields(types: RecordType[]): string[] {
  const protectedFields = ['id', 'version', 'createdAt', 'updatedAt', 'ownerId', 'assigneeId', 'stage.name', 'stage.id',
    'status', 'pipelineId', 'tags', 'overdue'];
  const fields = types.flatMap((type) => RECORD_FIELDS[type].map(([field]) => field)).filter((field) => !protectedFields.includes(field));
  return [...new Set(fields)];
}
