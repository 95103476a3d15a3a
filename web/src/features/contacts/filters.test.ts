import { describe, expect, it } from 'vitest';
import {
  COMPANY_FILTER_KEYS, countFilters, filtersFromParams, sameFilters, toApiParams, toSearchParams, withFilter,
} from './filters';

describe('list filters and the URL', () => {
  it('reads the known parameters and custom fields, and ignores the rest', () => {
    const filters = filtersFromParams(new URLSearchParams(
      'q=ada%20lo&ownerId=ada&tag=vip&lifecycleStage=lead&source=&cf.tier=gold&cf.=x&segment=s1&evil=1&limit=5',
    ));

    expect(filters).toEqual({ q: 'ada lo', ownerId: 'ada', tag: 'vip', lifecycleStage: 'lead', custom: { tier: 'gold' } });
  });

  it('writes what it read, in a stable order, with the segment it came from', () => {
    const params = toSearchParams({ sort: '-updatedAt', custom: { tier: 'gold', size: '10' }, tag: 'vip', q: 'ada ' }, 's1');

    expect(params.toString()).toBe('q=ada+&tag=vip&sort=-updatedAt&cf.size=10&cf.tier=gold&segment=s1');
    expect(filtersFromParams(params)).toEqual({ q: 'ada ', tag: 'vip', sort: '-updatedAt', custom: { size: '10', tier: 'gold' } });
  });

  it('gives the API (and a segment) trimmed values and no empty ones', () => {
    expect(toApiParams({ q: '  ada  ', ownerId: '', custom: { tier: '', size: '10' } })).toEqual({ q: 'ada', 'cf.size': '10' });
  });

  it('round-trips a segment filter', () => {
    const segment = { q: 'acme', ownerId: 'bob', 'cf.renewal': '2027-01-31', sort: 'lastName' };

    expect(toApiParams(filtersFromParams(segment))).toEqual(segment);
  });

  it('tells equal filters apart from different ones, ignoring what does not change the list', () => {
    expect(sameFilters({ q: 'ada ', custom: {} }, { q: 'ada', custom: { tier: '' } })).toBe(true);
    expect(sameFilters({ tag: 'vip', custom: {} }, { tag: 'vip', custom: { tier: 'gold' } })).toBe(false);
  });

  it('counts the narrowing filters, not the search or the order', () => {
    expect(countFilters({ q: 'a', sort: 'lastName', ownerId: 'ada', custom: { tier: 'gold' } })).toBe(2);
  });

  it('changes and removes one filter at a time', () => {
    const base = { tag: 'vip', custom: { tier: 'gold' } };

    expect(withFilter(base, 'cf.tier', undefined)).toEqual({ tag: 'vip', custom: {} });
    expect(withFilter(base, 'tag', '')).toEqual({ custom: { tier: 'gold' } });
    expect(withFilter(base, 'ownerId', 'bob')).toEqual({ tag: 'vip', ownerId: 'bob', custom: { tier: 'gold' } });
    expect(base).toEqual({ tag: 'vip', custom: { tier: 'gold' } });
  });

  it('reads only the filters companies have', () => {
    expect(filtersFromParams(new URLSearchParams('q=ac&tag=vip&ownerId=ada'), COMPANY_FILTER_KEYS))
      .toEqual({ q: 'ac', ownerId: 'ada', custom: {} });
  });
});
