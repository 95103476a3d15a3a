import { describe, expect, it } from 'vitest';
import { ProblemError } from '@/api/problem';
import type { Deal, Stage } from './api';
import { fieldsNamedBy, formErrors, initialValues, missingFields, parseAmount, patchFor } from './requiredFields';

const proposal: Stage = { id: 's', name: 'Proposal', kind: 'open', requiredFields: ['contacts', 'amount', 'expectedCloseDate'] };
const deal: Deal = {
  id: 'd', title: 'Anvils', version: 3, amount: undefined, expectedCloseDate: '2027-01-31',
  contacts: [{ contactId: 'c1', role: 'champion', name: 'Ada' }],
};

describe('required fields of a stage', () => {
  it('asks only for what the deal lacks, in a stable order', () => {
    expect(missingFields(deal, proposal)).toEqual(['amount']);
    expect(missingFields({ ...deal, contacts: [] }, proposal)).toEqual(['amount', 'contacts']);
    expect(missingFields(deal, { ...proposal, requiredFields: undefined })).toEqual([]);
    expect(missingFields({ ...deal, amount: 0 }, proposal)).toEqual([]);
  });

  it('maps the form to a merge patch of just the asked fields, adding contacts to the deal\'s own', () => {
    const values = { ...initialValues(deal, 'EUR'), amount: '12 500,50', currency: 'rub', contactId: 'c2', contactRole: 'user' };

    expect(patchFor(deal, ['amount', 'contacts'], values, 'ru-RU')).toEqual({
      amount: 12500.5,
      currency: 'RUB',
      contacts: [{ contactId: 'c1', role: 'champion' }, { contactId: 'c2', role: 'user' }],
    });
    expect(patchFor(deal, ['companyId', 'source', 'expectedCloseDate'],
      { ...values, companyId: 'co', source: '  web  ', expectedCloseDate: '' }, 'en')).toEqual({
      companyId: 'co', source: 'web', expectedCloseDate: null,
    });
  });

  it('reads amounts typed the person\'s way', () => {
    expect(parseAmount('12,500.50', 'en-US')).toBe(12500.5);
    expect(parseAmount('12 500,50', 'ru-RU')).toBe(12500.5);
    expect(parseAmount('12500.5', 'ru-RU')).toBe(12500.5);
    expect(parseAmount('', 'en')).toBeUndefined();
    expect(parseAmount('twelve', 'en')).toBeNaN();
  });

  it('puts the service\'s messages beside the inputs and asks for the fields it names', () => {
    const problem = new ProblemError(400, {
      title: 'Invalid request',
      errors: [
        { field: 'amount', message: 'is required in stage \'Proposal\'' },
        { field: 'contacts[0].role', message: 'must be one of [...]' },
        { field: 'currency', message: '\'XX\' is not an ISO 4217 currency' },
        { field: 'customFields.size', message: 'must be a number' },
      ],
    });

    expect(fieldsNamedBy(problem)).toEqual(['amount', 'contacts']);
    const { byField, other } = formErrors(problem);
    expect(byField).toEqual({
      amount: 'is required in stage \'Proposal\'',
      contacts: 'must be one of [...]',
      currency: '\'XX\' is not an ISO 4217 currency',
    });
    expect(other).toEqual(['customFields.size: must be a number']);
  });
});
