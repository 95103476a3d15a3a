import { describe, expect, it } from 'vitest';
import type { Deal, Stage } from './api';
import {
  addCreated, cancelMove, cardsOf, columnsOf, completeMove, distinctCards, settle, SETTLE_TIMEOUT_MS, startMove,
  withMovedTotals, type Column,
} from './board';

const lead: Stage = { id: 'lead', name: 'Lead', kind: 'open', probability: 10 };
const offer: Stage = { id: 'offer', name: 'Offer', kind: 'open', probability: 60 };
const won: Stage = { id: 'won', name: 'Won', kind: 'won', probability: 100 };

const deal = (id: string, stageId: string, amount = 100, version = 1): Deal => ({
  id, title: `Deal ${id}`, stageId, amount, currency: 'EUR', version, status: 'open',
  stage: { id: stageId, name: stageId, kind: 'open' },
});

function server(leadCards: Deal[], offerCards: Deal[], counts = { lead: leadCards.length, offer: offerCards.length, won: 0 }): Column[] {
  const sum = (cards: Deal[]) => cards.reduce((s, c) => s + (c.amount ?? 0), 0);
  return columnsOf([
    { stageId: 'lead', name: 'Lead', kind: 'open', count: counts.lead, amount: { EUR: sum(leadCards) }, cards: leadCards },
    { stageId: 'offer', name: 'Offer', kind: 'open', count: counts.offer, amount: offerCards.length ? { EUR: sum(offerCards) } : {}, cards: offerCards },
    { stageId: 'won', name: 'Won', kind: 'won', count: counts.won, amount: {}, cards: [] },
  ]);
}

describe('an optimistic move', () => {
  const a = deal('a1', 'lead', 100);
  const b = deal('b2', 'lead', 250);
  const c = deal('c3', 'offer', 40);
  const before = server([a, b], [c]);

  it('shows the card in its new column at once, with counts and sums moved', () => {
    const moves = startMove([], before, b, offer);
    const columns = withMovedTotals(before, moves);

    expect(columns.map((col) => [col.stageId, col.count, col.amount])).toEqual([
      ['lead', 1, { EUR: 100 }], ['offer', 2, { EUR: 290 }], ['won', 0, {}],
    ]);
    expect(cardsOf('lead', before[0]!.cards, moves).map((d) => d.id)).toEqual(['a1']);
    // oldest first, as the service orders a column: b2 sorts before c3
    const offerCards = cardsOf('offer', before[1]!.cards, moves);
    expect(offerCards.map((d) => d.id)).toEqual(['b2', 'c3']);
    expect(offerCards[0]!.stage?.name).toBe('Offer');
    expect(before[0]!.count).toBe(2); // the service's board itself is untouched
  });

  it('is taken back when the service refuses it', () => {
    const moves = cancelMove(startMove([], before, b, offer), 'b2');

    expect(moves).toEqual([]);
    expect(withMovedTotals(before, moves).map((col) => col.count)).toEqual([2, 1, 0]);
    expect(cardsOf('lead', before[0]!.cards, moves).map((d) => d.id)).toEqual(['a1', 'b2']);
  });

  it('a second move of the same deal replaces the first, and failing goes back to the first', () => {
    const first = startMove([], before, b, offer);
    const second = startMove(first, before, { ...b, stageId: 'offer' }, won);

    expect(second).toHaveLength(1);
    expect(withMovedTotals(before, second).map((col) => col.count)).toEqual([1, 1, 1]);
    expect(cardsOf('offer', before[1]!.cards, second).map((d) => d.id)).toEqual(['c3']);

    const back = cancelMove(second, 'b2');
    expect(withMovedTotals(before, back).map((col) => col.count)).toEqual([1, 2, 0]);
  });

  it('after success shows the service\'s answer and stays until the service\'s board has caught up', () => {
    const answer = { ...deal('b2', 'offer', 250, 2), stage: { id: 'offer', name: 'Offer', kind: 'open' as const } };
    const done = completeMove(startMove([], before, b, offer), 'b2', answer, 1_000);

    // the service's figures lag: still laid over them, with the new version for the next move
    expect(settle(done, before, 2_000)).toHaveLength(1);
    expect(cardsOf('offer', before[1]!.cards, done)[0]!.version).toBe(2);
    // the service caught up: its board is shown as it is, no double counting
    const after = server([a], [b, c].map((d) => ({ ...d, stageId: 'offer' })));
    expect(settle(done, after, 2_000)).toEqual([]);
    expect(withMovedTotals(after, done).map((col) => col.count)).toEqual([1, 2, 0]);
    // and it gives up waiting after a while
    expect(settle(done, before, 1_000 + SETTLE_TIMEOUT_MS)).toEqual([]);
  });

  it('takes from the column left what the deal counted there, and adds what it has now (a field filled on the way)', () => {
    const bare = { ...deal('e5', 'lead'), amount: undefined, currency: undefined };
    const start = server([a, bare], [c]);
    const moves = completeMove(startMove([], start, bare, offer), 'e5', { ...bare, stageId: 'offer', amount: 4200, currency: 'USD' });

    expect(withMovedTotals(start, moves).map((col) => [col.count, col.amount])).toEqual([
      [1, { EUR: 100 }], [2, { EUR: 40, USD: 4200 }], [0, {}],
    ]);
  });

  it('never settles a move the service has not answered yet', () => {
    const pending = startMove([], before, b, offer);
    expect(settle(pending, server([a], [b, c]), Date.now() + 60_000)).toHaveLength(1);
  });

  it('shows a deal moved into a column whose later cards are not loaded at the end of what is shown', () => {
    const late = deal('z9', 'lead');
    const moves = startMove([], server([a, late], [c]), late, offer);
    expect(cardsOf('offer', [c], moves).map((d) => d.id)).toEqual(['c3', 'z9']);
  });

  it('counts a new deal in its stage until the service has it', () => {
    const created = deal('d4', 'lead', 70);
    const moves = addCreated([], before, created, lead, 5_000);

    expect(withMovedTotals(before, moves).map((col) => [col.count, col.amount])).toEqual([
      [3, { EUR: 420 }], [1, { EUR: 40 }], [0, {}],
    ]);
    expect(cardsOf('lead', before[0]!.cards, moves).map((d) => d.id)).toEqual(['a1', 'b2', 'd4']);
    expect(settle(moves, server([a, b, created], [c]), 6_000)).toEqual([]);
  });

  it('shows each deal once across a column\'s pages', () => {
    expect(distinctCards([[a, b], [b, c]]).map((d) => d.id)).toEqual(['a1', 'b2', 'c3']);
  });
});
