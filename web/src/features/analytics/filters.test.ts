import { describe, expect, it } from 'vitest';
import { periodRange, readFilters, writeFilters } from './filters';

describe('analytics filters', () => {
  it('round-trip through the URL, leaving the default period out', () => {
    const filters = readFilters(new URLSearchParams('pipeline=p1&team=east&owner=ada&period=custom&from=2027-01-01&to=2027-03-31&currency=EUR'));
    expect(filters).toEqual({ pipelineId: 'p1', teamId: 'east', ownerId: 'ada', period: 'custom', from: '2027-01-01', to: '2027-03-31', currency: 'EUR' });
    expect(writeFilters(filters).toString()).toBe('pipeline=p1&team=east&owner=ada&period=custom&from=2027-01-01&to=2027-03-31&currency=EUR');
    expect(writeFilters({ ...readFilters(new URLSearchParams('')), pipelineId: 'p' }).toString()).toBe('pipeline=p');
  });

  it('ignore an unknown period and dates outside the custom period', () => {
    expect(readFilters(new URLSearchParams('period=forever')).period).toBe('this-quarter');
    expect(writeFilters({ period: 'this-year', from: '2027-01-01' }).toString()).toBe('period=this-year');
  });

  it('turn presets into inclusive calendar dates', () => {
    const today = new Date(2027, 1, 14); // 14 February 2027
    expect(periodRange({ period: 'this-month' }, today)).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(periodRange({ period: 'last-month' }, today)).toEqual({ from: '2027-01-01', to: '2027-01-31' });
    expect(periodRange({ period: 'this-quarter' }, today)).toEqual({ from: '2027-01-01', to: '2027-03-31' });
    expect(periodRange({ period: 'last-quarter' }, today)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodRange({ period: 'this-year' }, today)).toEqual({ from: '2027-01-01', to: '2027-12-31' });
    expect(periodRange({ period: 'last-12-months' }, today)).toEqual({ from: '2026-03-01', to: '2027-02-28' });
    expect(periodRange({ period: 'all' }, today)).toEqual({});
    expect(periodRange({ period: 'custom', from: '2027-01-05' }, today)).toEqual({ from: '2027-01-05', to: undefined });
  });
});
