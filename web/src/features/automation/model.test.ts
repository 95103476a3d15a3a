import { describe, expect, it } from 'vitest';
import { flatten } from './DryRunPanel';
import { actionToJson, draftFromRule, draftToJson, fieldChoices, groupItemsPath, newDraft, triggerRecordTypes, type Draft } from './model';

const README_RULE = {
  name: 'Proposal follow-up',
  team: 'east',
  enabled: true,
  trigger: { type: 'event', events: ['pulse.deal.stage_changed.v1'], field: 'stage.name', to: 'Proposal' },
  conditions: { all: [
    { field: 'deal.currency', op: 'in', value: ['EUR', 'USD'] },
    { any: [{ field: 'deal.amount', op: 'gte', value: 10000 }, { field: 'record.source', op: 'equals', value: 'referral' }] },
    { not: { field: 'deal.title', op: 'is_empty' } },
  ] },
  actions: [
    { type: 'create_task', taskType: 'call', title: 'Follow up {{deal.title}}', dueIn: 'P2D', priority: 'high', assignee: { type: 'owner' } },
    { type: 'branch', if: { field: 'deal.amount', op: 'gte', value: 50000 },
      then: [{ type: 'notify', recipients: [{ type: 'manager' }], channels: ['in_app', 'email'], title: 'Big one' }], else: [] },
    { type: 'wait_until', condition: { field: 'record.status', op: 'not_equals', value: 'open' }, timeout: 'P7D', onTimeout: 'continue' },
  ],
};

describe('the rule model', () => {
  it('reads the README rule into the form and writes back what the service accepts', () => {
    const draft = draftFromRule(README_RULE);
    expect(draft.conditions.items).toHaveLength(3);
    expect(draft.conditions.items[2]).toMatchObject({ kind: 'group', negate: true, items: [{ kind: 'leaf', field: 'deal.title', op: 'is_empty' }] });
    const json = draftToJson(draft);
    expect(json.trigger).toEqual(README_RULE.trigger);
    expect(json.actions).toEqual([
      README_RULE.actions[0],
      { type: 'branch', if: { all: [{ field: 'deal.amount', op: 'gte', value: 50000 }] }, then: README_RULE.actions[1]!.then, else: [] },
      { type: 'wait_until', condition: { all: [{ field: 'record.status', op: 'not_equals', value: 'open' }] }, timeout: 'P7D', onTimeout: 'continue' },
    ]);
    expect((json.conditions as { all: unknown[] }).all[2]).toEqual({ not: { all: [{ field: 'deal.title', op: 'is_empty' }] } });
    expect(json.team).toBe('east');
  });

  it('leaves out what is not set, so the service applies its defaults, and an empty root group means no conditions', () => {
    const draft: Draft = { ...newDraft(), name: 'n', trigger: { type: 'event', events: ['pulse.contact.created.v1'], field: '', to: '' },
      actions: [{ type: 'create_task', title: '', description: '', dueIn: '', assignee: { type: 'owner' } }] };
    expect(draftToJson(draft)).toEqual({ name: 'n', enabled: true, trigger: { type: 'event', events: ['pulse.contact.created.v1'] },
      actions: [{ type: 'create_task', title: '', assignee: { type: 'owner' } }] });
  });

  it('names condition paths as the service does in its problems', () => {
    expect(groupItemsPath('conditions', { kind: 'group', match: 'all', negate: false, items: [] })).toBe('conditions.all');
    expect(groupItemsPath('actions[1].if', { kind: 'group', match: 'any', negate: true, items: [] })).toBe('actions[1].if.not.any');
  });

  it('offers the fields of the records the trigger fires on', () => {
    expect(triggerRecordTypes({ type: 'event', events: ['pulse.deal.won.v1', 'pulse.activity.logged.v1'] })).toEqual(['deal', 'contact']);
    const paths = fieldChoices(['deal']).map((choice) => choice.path);
    expect(paths).toContain('deal.amount');
    expect(paths).toContain('record.stage.name');
    expect(paths).not.toContain('contact.email');
    expect(fieldChoices(['deal']).find((choice) => choice.path === 'deal.amount')?.kind).toBe('number');
  });

  it('shows a dry-run step input with the request flattened in', () => {
    expect(flatten({ request: { title: 'T', assigneeId: 'ada', dealId: null }, stepKey: 'k' })).toEqual([['title', 'T'], ['assigneeId', 'ada'], ['stepKey', 'k']]);
  });
});

describe('create_deal', () => {
  it('sends an amount with its currency, and neither without an amount', () => {
    expect(actionToJson({ type: 'create_deal', name: 'Deal {{contact.firstName}}', pipelineId: 'p', amount: '', currency: 'EUR',
      owner: { type: 'round_robin', team: 'east' } }))
      .toEqual({ type: 'create_deal', name: 'Deal {{contact.firstName}}', pipelineId: 'p', owner: { type: 'round_robin', team: 'east' } });
    expect(actionToJson({ type: 'create_deal', name: 'D', pipelineId: 'p', stageId: 's', amount: '1500', currency: 'USD' }))
      .toEqual({ type: 'create_deal', name: 'D', pipelineId: 'p', stageId: 's', amount: '1500', currency: 'USD' });
  });
});
