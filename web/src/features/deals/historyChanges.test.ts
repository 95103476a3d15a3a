import { describe, expect, it } from 'vitest';
import { shownChanges } from './historyChanges';

describe('a deal\'s history', () => {
  it('shows amounts in the currency and leaves bookkeeping out', () => {
    expect(shownChanges({
      type: 'pulse.deal.updated.v1',
      changes: [
        { field: 'amountMinor', from: 125050, to: 300000 },
        { field: 'stageEnteredAt', from: 'x', to: 'y' },
        { field: 'title', from: 'A', to: 'B' },
      ],
    }, 'EUR')).toEqual([{ field: 'amount', from: 1250.5, to: 3000 }, { field: 'title', from: 'A', to: 'B' }]);
  });

  it('reads minor units in the currency of the change itself', () => {
    expect(shownChanges({
      type: 'pulse.deal.updated.v1',
      changes: [{ field: 'amountMinor', from: null, to: 5000 }, { field: 'currency', from: null, to: 'JPY' }],
    }, 'JPY')).toEqual([{ field: 'amount', from: null, to: 5000 }, { field: 'currency', from: null, to: 'JPY' }]);
  });

  it('shows a creation as one line', () => {
    expect(shownChanges({ type: 'pulse.deal.created.v1', changes: [{ field: 'title', from: null, to: 'A' }] }, 'EUR')).toEqual([]);
  });
});
