import { describe, expect, it } from 'vitest';
import {
  checkMapping, csvRecords, customFieldTypeOf, failedRowsTable, fieldsOf, initialMapping, mappingRequest, progressPercent, recordPath,
  recordTypeOf,
} from './mapping';
import { contentTypeOf } from './api';

describe('initialMapping', () => {
  const columns = ['First Name', 'E-mail', 'Size', 'Notes'];

  it('follows the service rule without a suggestion: field names, custom keys and labels', () => {
    expect(initialMapping({ columns }, [{ key: 'size', label: 'Company size' }])).toEqual({
      'First Name': 'firstName', 'E-mail': 'email', Size: 'cf.size', Notes: '',
    });
  });

  it('prefers the service suggestion, and the mapping a job was run with over both', () => {
    expect(initialMapping({ columns, suggestedMapping: { Notes: 'jobTitle', Nope: 'email' } }, [])).toEqual({
      'First Name': '', 'E-mail': '', Size: '', Notes: 'jobTitle',
    });
    expect(initialMapping({ columns, mapping: [{ column: 'Size', field: 'firstName' }], suggestedMapping: { Notes: 'jobTitle' } }, []))
      .toEqual({ 'First Name': '', 'E-mail': '', Size: 'firstName', Notes: '' });
  });
});

describe('checkMapping and mappingRequest', () => {
  it('says which fields are chosen twice and whether the first name is missing', () => {
    const check = checkMapping({ a: 'email', b: 'email', c: '' });
    expect([...check.twice]).toEqual(['email']);
    expect(check.missingRequired).toBe(true);
    expect(checkMapping({ a: 'firstName' }).missingRequired).toBe(false);
  });

  it('leaves skipped columns out of the request', () => {
    expect(mappingRequest({ a: 'firstName', b: '' })).toEqual({ a: 'firstName' });
  });
});

describe('csvRecords', () => {
  it('numbers records as the service does: header 1, blank lines skipped, quoted line breaks kept', () => {
    const text = '\uFEFFname,note\r\nAnn,"two\nlines"\r\n\r\nBob,"say ""hi"""\nCid,x\n';
    const rows = csvRecords(text, ',', new Set([2, 3, 9]));
    expect([...rows.entries()]).toEqual([[2, ['Ann', 'two\nlines']], [3, ['Bob', 'say "hi"']]]);
    expect(csvRecords('a;b\n1;2\n', ';', new Set([2])).get(2)).toEqual(['1', '2']);
  });
});

describe('failedRowsTable', () => {
  const header = { row: 'Row', column: 'Column', field: 'Field', reason: 'Reason' };
  const job = {
    columns: ['Name', 'Mail'],
    mapping: [{ column: 'Name', field: 'firstName' }, { column: 'Mail', field: 'email' }],
    rowErrors: [
      { row: 4, field: 'email', message: 'is not a valid email' },
      { row: 3, field: null, message: 'wrong number of columns' },
      { row: 4, field: 'firstName', message: 'must not be blank' },
    ],
  };

  it('lists each reason by row with the column it came from', () => {
    expect(failedRowsTable(job, header)).toEqual([
      ['Row', 'Column', 'Field', 'Reason'],
      [3, '', '', 'wrong number of columns'],
      [4, 'Mail', 'email', 'is not a valid email'],
      [4, 'Name', 'firstName', 'must not be blank'],
    ]);
  });

  it('adds the rows own cells when the file is at hand', () => {
    const table = failedRowsTable(job, header, new Map([[4, [' ', 'bad']]]));
    expect(table[0]).toEqual(['Row', 'Column', 'Field', 'Reason', 'Name', 'Mail']);
    expect(table[2]).toEqual([4, 'Mail', 'email', 'is not a valid email', ' ', 'bad']);
    expect(table[1]).toEqual([3, '', '', 'wrong number of columns']);
  });
});

describe('progress and content types', () => {
  it('is a share only when the service says how many rows there are', () => {
    expect(progressPercent({ status: 'running', rowsProcessed: 50 })).toBeUndefined();
    expect(progressPercent({ status: 'running', rowsProcessed: 50, rows: 200 })).toBe(25);
    expect(progressPercent({ status: 'completed', rowsProcessed: 5 })).toBe(100);
  });

  it('sends each file with its own type', () => {
    expect(contentTypeOf({ name: 'People.CSV', type: '' })).toBe('text/csv');
    expect(contentTypeOf({ name: 'book.xlsx', type: '' })).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(contentTypeOf({ name: 'phone.vcf', type: '' })).toBe('text/vcard');
    expect(contentTypeOf({ name: 'data.bin', type: '' })).toBe('application/octet-stream');
  });
});

describe('record types', () => {
  it('offers company fields and requires a name for a company import, contact fields by default', () => {
    expect(recordTypeOf({})).toBe('contacts');
    expect(recordTypeOf({ recordType: 'companies' })).toBe('companies');
    expect(fieldsOf('companies')).toContain('domain');
    expect(fieldsOf('companies')).not.toContain('firstName');
    expect(fieldsOf('companies')).toEqual(expect.arrayContaining(['phone', 'tags']));
    expect(fieldsOf('contacts')).toContain('firstName');
    expect(customFieldTypeOf('companies')).toBe('company');
    expect(checkMapping({ a: 'firstName' }, 'companies').missingRequired).toBe(true);
    expect(checkMapping({ a: 'name', b: 'domain' }, 'companies').missingRequired).toBe(false);
    expect(checkMapping({ a: 'name' }).missingRequired).toBe(true);
  });

  it('maps columns named like company fields or company custom fields without a suggestion', () => {
    expect(initialMapping({ columns: ['Name', 'Domain', 'First Name', 'Tier'] }, [{ key: 'tier', label: 'Tier' }], 'companies'))
      .toEqual({ Name: 'name', Domain: 'domain', 'First Name': '', Tier: 'cf.tier' });
  });

  it('links a created record to its page; an imported activity to its contact', () => {
    expect(recordPath('companies', 'a b')).toBe('/companies/a%20b');
    expect(recordPath('contacts', 'c1')).toBe('/contacts/c1');
    expect(recordPath('activities', 'c1')).toBe('/contacts/c1');
  });

  it('asks an activity import for its date and for a column naming the contact, and offers no custom fields', () => {
    expect(recordTypeOf({ recordType: 'activities' })).toBe('activities');
    expect(recordTypeOf({ recordType: 'deals' as never })).toBe('contacts');
    expect(fieldsOf('activities')).toEqual(expect.arrayContaining(['occurredAt', 'contactEmail', 'author']));
    expect(customFieldTypeOf('activities')).toBeUndefined();
    expect(checkMapping({ a: 'contactEmail' }, 'activities')).toMatchObject({ missingRequired: true, missingContact: false });
    expect(checkMapping({ a: 'occurredAt' }, 'activities')).toMatchObject({ missingRequired: false, missingContact: true });
    expect(checkMapping({ a: 'occurredAt', b: 'contactPhone' }, 'activities')).toMatchObject({ missingRequired: false, missingContact: false });
    expect(checkMapping({ a: 'firstName' }).missingContact).toBe(false);
  });
});
