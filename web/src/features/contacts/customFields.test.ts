import { describe, expect, it } from 'vitest';
import { ProblemError, splitFieldErrors } from '@/api/problem';
import { formatters } from '@/i18n/format';
import {
  customFieldAliases, decimalSeparator, displayValue, filterControl, formField, fromInput, parseNumber, sortable, toInput,
  type CustomFieldDefinition,
} from './customFields';

const def = (type: string, extra: Partial<CustomFieldDefinition> = {}): CustomFieldDefinition =>
  ({ key: type + 'Field', label: type, type, ...extra }) as CustomFieldDefinition;

describe('custom field values between the API and a form', () => {
  it('turns stored values into editor inputs and back, by type', () => {
    const money = def('money');
    expect(toInput(money, { amount: 1200.5, currency: 'EUR' })).toEqual({ amount: '1200.5', currency: 'EUR' });
    expect(fromInput(money, { amount: '1 200,50', currency: 'eur' }, ',')).toEqual({ value: { amount: 1200.5, currency: 'EUR' } });
    expect(fromInput(def('number'), '1,234.5')).toEqual({ value: 1234.5 });
    expect(toInput(def('boolean'), false)).toBe('false');
    expect(fromInput(def('boolean'), 'true')).toEqual({ value: true });
    expect(toInput(def('multi_select'), ['a', 'b'])).toEqual(['a', 'b']);
    expect(fromInput(def('multi_select', { options: ['a', 'b'] }), ['b'])).toEqual({ value: ['b'] });
    expect(fromInput(def('date'), '2027-03-31')).toEqual({ value: '2027-03-31' });
    expect(fromInput(def('text'), '  hello ')).toEqual({ value: 'hello' });
  });

  it('clears an emptied optional field and refuses an emptied required one', () => {
    expect(fromInput(def('text'), '  ')).toEqual({ value: null });
    expect(fromInput(def('multi_select'), [])).toEqual({ value: null });
    expect(fromInput(def('money'), { amount: '', currency: 'EUR' })).toEqual({ value: null });
    expect(fromInput(def('select', { required: true, options: ['x'] }), '')).toEqual({ issue: 'required' });
  });

  it('gives instant feedback on formats the API would refuse', () => {
    expect(fromInput(def('number'), '12abc')).toEqual({ issue: 'number' });
    expect(fromInput(def('money'), { amount: '10', currency: 'euro' })).toEqual({ issue: 'currency' });
    expect(fromInput(def('date'), '2027-02-30')).toEqual({ issue: 'date' });
    expect(fromInput(def('date'), '31/03/2027')).toEqual({ issue: 'date' });
    expect(fromInput(def('url'), 'javascript:alert(1)')).toEqual({ issue: 'url' });
    expect(fromInput(def('url'), 'https://acme.example/x')).toEqual({ value: 'https://acme.example/x' });
    expect(fromInput(def('select', { options: ['gold'] }), 'platinum')).toEqual({ issue: 'option' });
  });

  it('reads numbers as people type them in their locale', () => {
    expect(parseNumber('1 200,5', ',')).toBe(1200.5);
    expect(parseNumber('1.200,5', ',')).toBe(1200.5);
    expect(parseNumber('1,200.5', '.')).toBe(1200.5);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('1e5')).toBeUndefined();
    expect(decimalSeparator('ru-RU')).toBe(',');
    expect(decimalSeparator('en-US')).toBe('.');
  });

  it('shows values in the reader\'s locale', () => {
    const en = formatters('en-US', 'UTC');
    const yesNo = { yes: 'Yes', no: 'No' };
    expect(displayValue(def('money'), { amount: 1200.5, currency: 'EUR' }, en, yesNo)).toBe('€1,200.50');
    expect(displayValue(def('boolean'), false, en, yesNo)).toBe('No');
    expect(displayValue(def('date'), '2027-03-31', en, yesNo)).toBe('Mar 31, 2027');
    expect(displayValue(def('multi_select'), ['a', 'b'], en, yesNo)).toBe('a, b');
    expect(displayValue(def('text'), null, en, yesNo)).toBe('');
  });

  it('puts the API\'s custom field errors beside their fields', () => {
    const definitions = [def('number', { key: 'seats' }), def('date', { key: 'renewal' })];
    const problem = new ProblemError(400, {
      title: 'Invalid request',
      errors: [
        { field: 'customFields.seats', message: 'must be a number' },
        { field: 'customFields.gone', message: 'is not a defined custom field' },
        { field: 'email', message: 'must be a valid email address' },
      ],
    });

    const { byField, other } = splitFieldErrors(problem, [formField('seats'), formField('renewal'), 'email'], customFieldAliases(definitions));

    expect(byField).toEqual({ 'cf.seats': 'must be a number', email: 'must be a valid email address' });
    expect(other).toEqual(['customFields.gone: is not a defined custom field']);
  });

  it('offers a filter and a sort that fit the type', () => {
    expect(filterControl(def('multi_select'))).toBe('options');
    expect(filterControl(def('money'))).toBe('number');
    expect(filterControl(def('url'))).toBe('text');
    expect(sortable(def('multi_select'))).toBe(false);
    expect(sortable(def('date'))).toBe(true);
  });
});
