import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HintBuffer, invalidate, planInvalidation, type Invalidation } from './hints';

describe('planInvalidation', () => {
  it('asks for each record type once and for related records not already covered by their type', () => {
    const plan = planInvalidation([
      { type: 'deal', id: 'd-1', version: 2, related: [{ type: 'contact', id: 'c-1' }] },
      { type: 'deal', id: 'd-2', version: 5, related: [{ type: 'contact', id: 'c-1' }, { type: 'company', id: 'co-1' }] },
      { type: 'task', id: 't-1', related: [{ type: 'deal', id: 'd-1' }] },
    ]);
    expect(plan.types).toEqual(['deal', 'task']);
    expect(plan.related).toEqual([{ type: 'contact', id: 'c-1' }, { type: 'company', id: 'co-1' }]);
  });
});

describe('HintBuffer', () => {
  let flushed: Invalidation[];

  beforeEach(() => {
    vi.useFakeTimers();
    flushed = [];
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a burst of hints with one invalidation per window', () => {
    const buffer = new HintBuffer({ flush: (plan) => flushed.push(plan), windowMs: 300 });
    for (let i = 0; i < 50; i++) buffer.add({ type: 'contact', id: `c-${i}` });
    buffer.add({ type: 'task', id: 't-1' });
    vi.advanceTimersByTime(299);
    expect(flushed).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual([{ types: ['contact', 'task'], related: [] }]);

    buffer.add({ type: 'contact', id: 'c-99' });
    vi.advanceTimersByTime(300);
    expect(flushed).toHaveLength(2);
    vi.advanceTimersByTime(5_000);
    expect(flushed).toHaveLength(2);
  });

  it('refetches a type whose views lag behind once more after a while, however many flushes asked', () => {
    const buffer = new HintBuffer({ flush: (plan) => flushed.push(plan), windowMs: 300, settleMs: { deal: 1500 } });
    buffer.add({ type: 'deal', id: 'd-1' });
    vi.advanceTimersByTime(300);
    buffer.add({ type: 'deal', id: 'd-2' });
    vi.advanceTimersByTime(300);
    expect(flushed).toHaveLength(2);
    vi.advanceTimersByTime(1200);
    expect(flushed).toEqual([
      { types: ['deal'], related: [] },
      { types: ['deal'], related: [] },
      { types: ['deal'], related: [] },
    ]);
    vi.advanceTimersByTime(10_000);
    expect(flushed).toHaveLength(3);
  });

  it('forgets what is pending when disposed', () => {
    const buffer = new HintBuffer({ flush: (plan) => flushed.push(plan), settleMs: { deal: 1000 } });
    buffer.add({ type: 'deal', id: 'd-1' });
    buffer.dispose();
    vi.advanceTimersByTime(5_000);
    expect(flushed).toHaveLength(0);
  });
});

describe('invalidate', () => {
  it('marks stale every query of the type and the queries that name a related record, nothing else', async () => {
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    const observe = (key: unknown[]) => client.fetchQuery({ queryKey: key, queryFn: () => JSON.stringify(key) });
    await observe(['deal', 'list', { status: 'open' }]);
    await observe(['deal', 'detail', 'd-1']);
    await observe(['contact', 'detail', 'c-1']);
    await observe(['contact', 'detail', 'c-2']);
    await observe(['contact', 'list', {}]);

    invalidate(client, { types: ['deal'], related: [{ type: 'contact', id: 'c-1' }] });

    const stale = client.getQueryCache().getAll().filter((query) => query.isStale()).map((query) => query.queryKey);
    expect(stale).toEqual([['deal', 'list', { status: 'open' }], ['deal', 'detail', 'd-1'], ['contact', 'detail', 'c-1']]);
  });
});
