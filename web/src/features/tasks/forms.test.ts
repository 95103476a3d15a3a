import { describe, expect, it } from 'vitest';
import { requiredToComplete } from './api';
import { patchOf } from './TaskFormDialog';

describe('patchOf', () => {
  const before = {
    type: 'call', title: 'Call Ada', description: 'About the renewal', dueAt: '2026-12-08T10:00', timeZone: 'Europe/Paris',
    priority: 'normal', contactId: 'c-1', reminders: ['PT15M'],
  };

  it('sends only what changed, and null for what was cleared', () => {
    expect(patchOf(before, { ...before, title: 'Call Ada Lovelace', description: undefined, contactId: undefined }))
      .toEqual({ title: 'Call Ada Lovelace', description: null, contactId: null });
    expect(patchOf(before, { ...before })).toEqual({});
    expect(patchOf(before, { ...before, reminders: ['PT15M', 'P1D'] })).toEqual({ reminders: ['PT15M', 'P1D'] });
  });

  it('sends a due time with its zone, since one is read in the other', () => {
    expect(patchOf(before, { ...before, dueAt: '2026-12-09T10:00' }))
      .toEqual({ dueAt: '2026-12-09T10:00', timeZone: 'Europe/Paris' });
    expect(patchOf(before, { ...before, dueAt: undefined, timeZone: undefined })).toEqual({ dueAt: null, timeZone: null });
  });
});

describe('requiredToComplete', () => {
  it('joins what the type and the task itself ask for, once each', () => {
    const types = [{ type: 'call', requiredFields: ['outcome'] }, { type: 'todo', requiredFields: [] }];
    expect(requiredToComplete({ type: 'call', requiredFields: ['nextStep', 'outcome'] }, types)).toEqual(['outcome', 'nextStep']);
    expect(requiredToComplete({ type: 'todo' }, types)).toEqual([]);
    expect(requiredToComplete({ type: 'call' }, undefined)).toEqual([]);
  });
});
