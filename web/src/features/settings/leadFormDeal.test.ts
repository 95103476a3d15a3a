import { describe, expect, it } from 'vitest';
import { dealSettings, NO_DEAL } from './LeadFormDealFields';

describe('lead form deal settings', () => {
  it('sends no deal unless enabled', () => {
    expect(dealSettings({ ...NO_DEAL, pipelineId: 'p' })).toBeUndefined();
  });

  it('sends one owner or the people taking turns, and a stage only when chosen', () => {
    expect(dealSettings({ ...NO_DEAL, enabled: true, pipelineId: 'p', userId: 'ada' }))
      .toEqual({ pipelineId: 'p', owner: { userId: 'ada' } });
    expect(dealSettings({ ...NO_DEAL, enabled: true, pipelineId: 'p', stageId: 's', ownerMode: 'roundRobin', userId: 'ada',
      roundRobin: ['ada', 'bob'] })).toEqual({ pipelineId: 'p', stageId: 's', owner: { roundRobin: ['ada', 'bob'] } });
  });
});
