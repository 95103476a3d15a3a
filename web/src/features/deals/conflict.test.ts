import { describe, expect, it } from 'vitest';
import type { Deal } from './api';
import { changedFields, overlapping } from './conflict';

describe('a concurrent change', () => {
  const base: Deal = { id: 'd', version: 1, title: 'Anvils', amount: 100, currency: 'EUR', contacts: [{ contactId: 'c', role: 'user' }] };

  it('names the fields someone else changed, and those the person would overwrite', () => {
    const latest: Deal = { ...base, version: 2, amount: 200, contacts: [{ contactId: 'c', role: 'champion' }] };

    expect(changedFields(base, latest)).toEqual(['amount', 'contacts']);
    expect(overlapping(base, latest, { amount: 150 })).toEqual(['amount']);
    expect(overlapping(base, latest, { title: 'Anvils II' })).toEqual([]);
  });
});
