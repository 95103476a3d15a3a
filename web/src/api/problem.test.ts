import { describe, expect, it } from 'vitest';
import { formFieldErrors, ProblemError, splitFieldErrors } from './problem';

const problem = (errors: { field: string; message: string }[]) =>
  new ProblemError(400, { type: 'https://pulsecrm.io/problems/validation', title: 'Invalid request', status: 400, errors });

describe('ProblemError', () => {
  it('reads the members of a problem document', () => {
    const error = new ProblemError(409, { title: 'Version conflict', detail: 'Changed by someone else', currentVersion: 4 });

    expect(error.conflict).toBe(true);
    expect(error.message).toBe('Changed by someone else');
    expect(error.body.currentVersion).toBe(4);
    expect(error.unavailable).toBe(false);
  });

  it('treats a gateway 503 and a failed network call as unavailable, naming the service', () => {
    const down = new ProblemError(503, { title: 'Service unavailable', service: 'deals', reason: 'unreachable' });

    expect(down.unavailable).toBe(true);
    expect(down.service).toBe('deals');
    expect(ProblemError.network(new TypeError('Failed to fetch')).unavailable).toBe(true);
  });

  it('keeps only well-formed field errors and survives bodies that are not problems', () => {
    const odd = new ProblemError(400, { errors: [{ field: 'email', message: 'bad' }, { nope: 1 }, 'x'] });

    expect(odd.errors).toEqual([{ field: 'email', message: 'bad' }]);
    expect(ProblemError.fromBody(502, '<html>bad gateway</html>').detail).toBe('<html>bad gateway</html>');
    expect(ProblemError.fromBody(500, ['a']).title).toBe('HTTP 500');
  });
});

describe('splitFieldErrors', () => {
  it('puts each message beside its field and the rest beside the action', () => {
    const { byField, other } = splitFieldErrors(
      problem([
        { field: 'email', message: 'must be a valid email address' },
        { field: 'address.city', message: 'is too long' },
        { field: 'consent', message: 'is required for marketing' },
      ]),
      ['email', 'address'],
    );

    expect(byField).toEqual({ email: 'must be a valid email address', address: 'is too long' });
    expect(other).toEqual(['consent: is required for marketing']);
  });

  it('maps array indexes and aliases, and joins two messages for one field', () => {
    const { byField } = splitFieldErrors(
      problem([
        { field: 'otherEmails[1]', message: 'is not an email' },
        { field: 'customFields.size', message: 'must be a number' },
        { field: 'customFields.size', message: 'must be at least 1' },
      ]),
      ['otherEmails.1', 'cf.size'],
      { 'customFields.size': 'cf.size' },
    );

    expect(byField).toEqual({ 'otherEmails.1': 'is not an email', 'cf.size': 'must be a number must be at least 1' });
  });
});

describe('formFieldErrors', () => {
  const fields = ['amount', 'companyId'] as const;

  it("shows the form's own message first, else the service's, and the rest beside the action", () => {
    const { fieldError, other } = formFieldErrors(
      { amount: { message: 'required in this stage' } },
      problem([
        { field: 'amount', message: 'must be at least 0' },
        { field: 'companyId', message: 'is not a company you can see' },
        { field: 'stageId', message: 'is closed' },
      ]),
      fields,
    );
    expect(fieldError('amount')).toBe('required in this stage');
    expect(fieldError('companyId')).toBe('is not a company you can see');
    expect(other).toEqual(['stageId: is closed']);
  });

  it('has nothing to say without errors', () => {
    const { fieldError, other } = formFieldErrors({}, undefined, fields);
    expect(fieldError('amount')).toBeUndefined();
    expect(other).toEqual([]);
  });
});
