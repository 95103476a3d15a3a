import { describe, expect, it } from 'vitest';
import { formatDuration, timeInStages } from './stageTimes';

describe('time in stages', () => {
  const changes = [
    { toStageId: 'lead', toStageName: 'Lead', at: '2026-03-01T00:00:00Z' },
    { fromStageId: 'lead', fromStageName: 'Lead', toStageId: 'offer', toStageName: 'Offer', secondsInPreviousStage: 86_400 },
    { fromStageId: 'offer', fromStageName: 'Offer', toStageId: 'lead', toStageName: 'Lead', secondsInPreviousStage: 3_600 },
    { fromStageId: 'lead', fromStageName: 'Lead', toStageId: 'offer', toStageName: 'Offer', secondsInPreviousStage: 600 },
  ];

  it('adds up every stay in a stage and runs the clock in the current one', () => {
    const deal = { stageId: 'offer', status: 'open' as const, stageEnteredAt: '2026-03-03T00:00:00Z', stage: { name: 'Offer' } };
    expect(timeInStages(changes, deal, new Date('2026-03-03T02:00:00Z'))).toEqual([
      { stageId: 'lead', name: 'Lead', seconds: 87_000, current: false },
      { stageId: 'offer', name: 'Offer', seconds: 3_600 + 7_200, current: true },
    ]);
  });

  it('stops the clock when the deal closed', () => {
    const closing = [...changes, { fromStageId: 'offer', fromStageName: 'Offer', toStageId: 'won', toStageName: 'Won', secondsInPreviousStage: 60 }];
    const times = timeInStages(closing, { stageId: 'won', status: 'won', stageEnteredAt: '2026-03-03T00:00:00Z' }, new Date('2027-01-01'));
    expect(times.find((t) => t.stageId === 'offer')?.seconds).toBe(3_660);
    expect(times.find((t) => t.stageId === 'won')).toEqual({ stageId: 'won', name: 'Won', seconds: 0, current: false });
  });

  it('says how long in words of the person\'s language', () => {
    expect(formatDuration(3 * 86_400 + 4 * 3_600, 'en')).toBe('3d 4h');
    expect(formatDuration(5 * 3_600 + 20 * 60, 'en')).toBe('5h 20m');
    expect(formatDuration(30, 'en')).toBe('1m');
    expect(formatDuration(12 * 86_400, 'ru')).toMatch(/^12\s?д/);
  });
});
