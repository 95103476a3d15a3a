import { describe, expect, it } from 'vitest';
import type { Pipeline } from './api';
import { openingStage, openStages } from './requiredFields';

const pipeline = {
  id: 'p', name: 'Sales',
  stages: [
    { id: 'won', name: 'Won', kind: 'won' },
    { id: 'new', name: 'New', kind: 'open', requiredFields: [] },
    { id: 'quoted', name: 'Quoted', kind: 'open', requiredFields: ['amount', 'companyId'] },
    { id: 'lost', name: 'Lost', kind: 'lost' },
  ],
} as unknown as Pipeline;

describe('openingStage', () => {
  it('offers only the open stages, in the pipeline order', () => {
    expect(openStages(pipeline).map((s) => s.id)).toEqual(['new', 'quoted']);
    expect(openStages(undefined)).toEqual([]);
  });

  it('takes the chosen open stage and what it requires', () => {
    const { stage, required } = openingStage(pipeline, 'quoted');
    expect(stage?.id).toBe('quoted');
    expect([...required]).toEqual(['amount', 'companyId']);
  });

  it('falls back to the first open stage when none or a closed one is chosen', () => {
    expect(openingStage(pipeline, '').stage?.id).toBe('new');
    expect(openingStage(pipeline, 'won').stage?.id).toBe('new');
    expect(openingStage(pipeline, 'won').required.size).toBe(0);
  });

  it('has no stage without a pipeline', () => {
    expect(openingStage(undefined, 'new')).toMatchObject({ stages: [], stage: undefined });
  });
});
