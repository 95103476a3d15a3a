import { describe, expect, it } from 'vitest';
import { regionName, type Stage } from './api';
import { keyFromLabel } from './fieldKey';
import { toForm, toRequest } from './preferences';
import { leadFormSnippet } from './snippet';
import { moved, moveTargets, stallAfter, stallDays } from './stages';
import { parseEventTypes } from './WebhooksPage';

describe('stages', () => {
  it('reads stall limits in days from ISO durations and writes them back, empty removing the limit', () => {
    expect(stallDays('P14D')).toBe(14);
    expect(stallDays('P2W')).toBe(14);
    expect(stallDays('PT48H')).toBe(2);
    expect(stallDays('PT5H')).toBeUndefined();
    expect(stallDays(undefined)).toBeUndefined();
    expect(stallAfter(' 7 ')).toBe('P7D');
    expect(stallAfter('')).toBe('');
  });

  it('offers the other stages of the same kind for a removed stage\'s deals', () => {
    const stages: Stage[] = [
      { id: 'a', kind: 'open' }, { id: 'b', kind: 'open' }, { id: 'w', kind: 'won' }, { id: 'l', kind: 'lost' },
    ];
    expect(moveTargets(stages, stages[0]!).map((s) => s.id)).toEqual(['b']);
    expect(moveTargets(stages, stages[2]!)).toEqual([]);
  });

  it('moves one id to a new index', () => {
    expect(moved(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moved(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
  });
});

describe('custom field keys', () => {
  it('are made from labels the way the API accepts them', () => {
    expect(keyFromLabel('Fleet size')).toBe('fleetSize');
    expect(keyFromLabel('  NPS score (2026) ')).toBe('npsScore2026');
    expect(keyFromLabel('2nd contact')).toBe('ndContact');
    expect(keyFromLabel('Größe')).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
    expect(keyFromLabel('x'.repeat(60))).toHaveLength(40);
  });
});

describe('notification preferences', () => {
  it('show every type with its channels or the defaults, and send back quiet hours and digest only when on', () => {
    const form = toForm({
      channels: { deal_won: ['email'] }, defaultChannels: ['in_app', 'email'], timeZone: 'Europe/Berlin',
      quietHours: { start: '22:00:00', end: '07:00:00' },
    });
    expect(form.channels.deal_won).toEqual(['email']);
    expect(form.channels.task_assigned).toEqual(['in_app', 'email']);
    expect(form).toMatchObject({ quietHoursOn: true, quietStart: '22:00', quietEnd: '07:00', digestOn: false });

    const request = toRequest({ ...form, email: ' ada@example.com ', digestOn: false });
    expect(request.quietHours).toEqual({ start: '22:00', end: '07:00' });
    expect(request.digest).toBeUndefined();
    expect(request.email).toBe('ada@example.com');
    expect(request.channels?.deal_won).toEqual(['email']);
    expect(toRequest({ ...form, quietHoursOn: false, email: '' })).not.toHaveProperty('quietHours');
    expect(toRequest({ ...form, quietHoursOn: false, email: '' })).not.toHaveProperty('email');
  });
});

describe('the lead form snippet', () => {
  const labels = { firstName: 'First <name>', lastName: 'Last', email: 'Email', phone: 'Phone', company: 'Co', message: 'Msg' };
  const snippet = leadFormSnippet({
    origin: 'https://crm.example.com/', formId: 'f 1', key: 'k"ey', labels, submitLabel: 'Send', thanks: 'Thanks & bye',
  });

  it('posts to the form\'s public endpoints with its key, after fetching a form token', () => {
    expect(snippet).toContain('"https://crm.example.com/api/public/lead-forms/f%201"');
    expect(snippet).toContain("base + '/form-token'");
    expect(snippet).toContain("base + '/submissions'");
    expect(snippet).toContain(`'X-Form-Key': ${JSON.stringify('k"ey')}`);
    expect(snippet).toContain('lead.formToken = t.token');
  });

  it('has the honeypot and escapes labels', () => {
    expect(snippet).toContain('name="website"');
    expect(snippet).toContain('First &lt;name&gt; *');
    expect(snippet).toContain('<input name="firstName" type="text" required>');
    expect(snippet).toContain('Thanks &amp; bye');
  });
});

describe('webhook event filters', () => {
  it('are read one per line or comma-separated, without blanks or repeats', () => {
    expect(parseEventTypes('pulse.deal.*,\n pulse.task.created.v1 ,,pulse.deal.*\n')).toEqual(['pulse.deal.*', 'pulse.task.created.v1']);
  });
});

describe('regionName', () => {
  it('names a region in the UI language with its code', () => {
    expect(regionName('bg', 'en')).toBe('Bulgaria (BG)');
    expect(regionName('GE', 'ru')).toBe('Грузия (GE)');
  });

  it('keeps what is not a two-letter code as written', () => {
    expect(regionName('Bulgaria', 'en')).toBe('Bulgaria');
    expect(regionName(undefined, 'en')).toBe('');
  });
});
