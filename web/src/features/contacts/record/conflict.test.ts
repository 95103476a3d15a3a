import { describe, expect, it } from 'vitest';
import { conflictRows, otherChanges, patchedFields, reapplyIsSafe, sameValue, valueAt } from './conflict';

const base = {
  id: 'c1', version: 3, updatedAt: '2026-01-01T00:00:00Z', firstName: 'Ada', jobTitle: 'Analyst', phone: '+4420',
  tags: ['vip'], address: { city: 'London', country: 'GB' }, customFields: { tier: 'gold', seats: 10 },
};

describe('a conflict between a change and the current record', () => {
  it('lists every field a merge patch sets, custom fields one by one', () => {
    expect(patchedFields({ jobTitle: 'CTO', customFields: { tier: 'silver', seats: null } }))
      .toEqual(['jobTitle', 'customFields.tier', 'customFields.seats']);
  });

  it('shows the starting, the wanted and the current value of each field, and whether someone else changed it', () => {
    const current = { ...base, version: 4, jobTitle: 'Head of Data', customFields: { tier: 'gold', seats: 12 } };

    const rows = conflictRows(base, current, { jobTitle: 'CTO', customFields: { tier: 'silver' } });

    expect(rows).toEqual([
      { field: 'jobTitle', base: 'Analyst', mine: 'CTO', current: 'Head of Data', changedMeanwhile: true },
      { field: 'customFields.tier', base: 'gold', mine: 'silver', current: 'gold', changedMeanwhile: false },
    ]);
    expect(reapplyIsSafe(rows)).toBe(false);
    expect(otherChanges(base, current, { jobTitle: 'CTO', customFields: { tier: 'silver' } })).toEqual(['customFields.seats']);
  });

  it('knows when keeping the change overwrites nobody', () => {
    const current = { ...base, version: 4, phone: '+4421' };
    const rows = conflictRows(base, current, { jobTitle: 'CTO' });

    expect(reapplyIsSafe(rows)).toBe(true);
    expect(otherChanges(base, current, { jobTitle: 'CTO' })).toEqual(['phone']);
  });

  it('treats the same value reached by both as no conflict', () => {
    const current = { ...base, version: 4, jobTitle: 'CTO' };

    expect(reapplyIsSafe(conflictRows(base, current, { jobTitle: 'CTO' }))).toBe(true);
  });

  it('compares values, not their spelling: key order, empty lists and nulls', () => {
    expect(sameValue({ city: 'London', country: 'GB' }, { country: 'GB', city: 'London', street: null })).toBe(true);
    expect(sameValue([], null)).toBe(true);
    expect(sameValue('', undefined)).toBe(true);
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(valueAt(base, 'customFields.missing')).toBeNull();
    expect(valueAt({ customFields: null }, 'customFields.tier')).toBeNull();
  });

  it('ignores the bookkeeping every write changes', () => {
    expect(otherChanges(base, { ...base, version: 9, updatedAt: 'later' }, {})).toEqual([]);
  });
});
