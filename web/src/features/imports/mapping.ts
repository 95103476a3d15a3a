import type { CsvCell } from '@/ui/csv';
import type { ImportJob, RowError } from './api';

/** The contact fields an import can fill (contacts-service ImportFields), in the order the mapping offers them. */
export const STANDARD_FIELDS = [
  'firstName', 'lastName', 'email', 'phone', 'jobTitle', 'otherEmails', 'otherPhones', 'tags', 'lifecycleStage',
  'ownerId', 'companyId', 'birthday', 'street', 'city', 'region', 'postalCode', 'country', 'utmSource', 'utmMedium',
  'utmCampaign', 'utmTerm', 'utmContent', 'referrer', 'landingPage',
] as const;

export const REQUIRED_FIELD = 'firstName';
export const CUSTOM_PREFIX = 'cf.';

/** What the rows of an import become, chosen at upload (contacts-service `recordType`). */
export type RecordType = 'contacts' | 'companies' | 'activities';
export const RECORD_TYPES: readonly RecordType[] = ['contacts', 'companies', 'activities'];

/** The company fields an import can fill (contacts-service CompanyRows), in the order the mapping offers them. */
export const COMPANY_FIELDS = [
  'name', 'domain', 'phone', 'industry', 'size', 'tags', 'ownerId', 'street', 'city', 'region', 'postalCode', 'country',
] as const;

/**
 * The activity fields an import can fill (contacts-service ActivityRows), in the order the mapping offers them; a row
 * names its contact by one of {@link CONTACT_REFERENCES}.
 */
export const ACTIVITY_FIELDS = [
  'occurredAt', 'type', 'subject', 'body', 'direction', 'duration', 'outcome', 'endsAt', 'location', 'recordingUrl',
  'contactEmail', 'contactPhone', 'contactId', 'author',
] as const;
export const CONTACT_REFERENCES = ['contactId', 'contactEmail', 'contactPhone'] as const;

/** The record type of a job; a service from before companies sends none, and imports contacts. */
export function recordTypeOf(job: Pick<ImportJob, 'recordType'>): RecordType {
  return RECORD_TYPES.find((type) => type === job.recordType) ?? 'contacts';
}

/** The built-in fields a column can be mapped to for a record type. */
export function fieldsOf(type: RecordType): readonly string[] {
  return { contacts: STANDARD_FIELDS, companies: COMPANY_FIELDS, activities: ACTIVITY_FIELDS }[type];
}

/** The field every row needs a column for (activities: their date, else history would be dated today). */
export function requiredFieldOf(type: RecordType): string {
  return { contacts: REQUIRED_FIELD, companies: 'name', activities: 'occurredAt' }[type];
}

/** The custom field object type of a record type; activities have no custom fields. */
export function customFieldTypeOf(type: RecordType): 'contact' | 'company' | undefined {
  return { contacts: 'contact', companies: 'company', activities: undefined }[type] as 'contact' | 'company' | undefined;
}

/** Where a record created by an import is shown: an imported activity's is its contact's page (its timeline). */
export function recordPath(type: RecordType, id: string): string {
  return `/${type === 'activities' ? 'contacts' : type}/${encodeURIComponent(id)}`;
}

/** Column → field; an empty field leaves the column out. */
export type Mapping = Record<string, string>;

export interface CustomFieldRef {
  key?: string;
  label?: string;
}

function letters(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

/**
 * Where the mapping starts: what the job was last run with, else the service's suggestion, else the service's own
 * rule for a start without a mapping (a column named like a field, a custom field's key or label, or `cf.<key>`),
 * so that what the person sees is what the service would do.
 */
export function initialMapping(
  job: Pick<ImportJob, 'columns' | 'mapping' | 'suggestedMapping'>,
  customFields: readonly CustomFieldRef[],
  type: RecordType = 'contacts',
): Mapping {
  const mapping: Mapping = Object.fromEntries(job.columns.map((column) => [column, '']));
  if (job.mapping && job.mapping.length > 0) {
    for (const { column, field } of job.mapping) if (column in mapping) mapping[column] = field;
    return mapping;
  }
  if (job.suggestedMapping) {
    for (const [column, field] of Object.entries(job.suggestedMapping)) if (column in mapping) mapping[column] = field;
    return mapping;
  }
  const targets = new Map<string, string>();
  for (const field of fieldsOf(type)) targets.set(letters(field), field);
  for (const { key, label } of customFields) {
    if (!key) continue;
    for (const name of [key, label ?? key, CUSTOM_PREFIX + key]) {
      if (!targets.has(letters(name))) targets.set(letters(name), CUSTOM_PREFIX + key);
    }
  }
  const taken = new Set<string>();
  for (const column of job.columns) {
    const field = targets.get(letters(column));
    if (field && !taken.has(field)) {
      mapping[column] = field;
      taken.add(field);
    }
  }
  return mapping;
}

/** The mapping as the API takes it: only the columns given a field. */
export function mappingRequest(mapping: Mapping): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).filter(([, field]) => field !== ''));
}

export interface MappingCheck {
  /** Fields chosen for more than one column. */
  twice: Set<string>;
  missingRequired: boolean;
  /** An activity import with no column naming the contact. */
  missingContact: boolean;
}

/** Instant feedback before the service is asked (it checks the same and has the last word). */
export function checkMapping(mapping: Mapping, type: RecordType = 'contacts'): MappingCheck {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const field of Object.values(mapping)) {
    if (!field) continue;
    if (seen.has(field)) twice.add(field);
    seen.add(field);
  }
  return {
    twice,
    missingRequired: !seen.has(requiredFieldOf(type)),
    missingContact: type === 'activities' && !CONTACT_REFERENCES.some((field) => seen.has(field)),
  };
}

/** Row errors and warnings grouped by row, in row order. */
export function byRow(errors: readonly RowError[]): [number, RowError[]][] {
  const rows = new Map<number, RowError[]>();
  for (const error of errors) {
    const list = rows.get(error.row) ?? [];
    list.push(error);
    rows.set(error.row, list);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b);
}

export interface FailedRowsHeader {
  row: string;
  column: string;
  field: string;
  reason: string;
}

/**
 * The failed rows' file: one line per reason, with the row number in the file (2 = first data row), the column
 * the field was read from (by the job's mapping), the field and the service's message; when the file is still in
 * this tab, the row's own cells follow, so it can be fixed and imported again.
 */
export function failedRowsTable(
  job: Pick<ImportJob, 'rowErrors' | 'mapping' | 'columns'>,
  header: FailedRowsHeader,
  originalRows?: ReadonlyMap<number, readonly string[]>,
): CsvCell[][] {
  const columnOf = new Map((job.mapping ?? []).map(({ column, field }) => [field, column]));
  const withCells = originalRows !== undefined && originalRows.size > 0;
  const rows: CsvCell[][] = [[header.row, header.column, header.field, header.reason, ...(withCells ? job.columns : [])]];
  for (const [row, errors] of byRow(job.rowErrors)) {
    for (const error of errors) {
      const field = error.field ?? '';
      const column = columnOf.get(field) ?? columnOf.get(field.split('.').slice(0, 2).join('.')) ?? '';
      rows.push([row, column, field, error.message, ...(withCells ? originalRows.get(row) ?? [] : [])]);
    }
  }
  return rows;
}

/** What share of the file is done, when the service says how many rows it has; else undefined (indeterminate). */
export function progressPercent(job: Pick<ImportJob, 'rowsProcessed' | 'rows' | 'status'>): number | undefined {
  if (job.status === 'completed' || job.status === 'validated') return 100;
  if (!job.rows) return undefined;
  return Math.min(100, Math.round((job.rowsProcessed / job.rows) * 100));
}

/**
 * The records of a CSV text that `rows` names, numbered as the service numbers them (the header is row 1, blank
 * lines are skipped, a quoted line break stays inside its record), so the failed rows' file can carry their cells.
 */
export function csvRecords(text: string, delimiter: string, rows: ReadonlySet<number>): Map<number, string[]> {
  const found = new Map<number, string[]>();
  const last = Math.max(0, ...rows);
  let record = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length && record < last) {
    if (text[i] === '\r' || text[i] === '\n') {
      i++;
      continue; // blank line
    }
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    let start = true;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') {
          quoted = false;
        } else {
          cell += c;
        }
      } else if (c === '"' && start) {
        quoted = true;
        start = false;
      } else if (c === delimiter) {
        cells.push(cell);
        cell = '';
        start = true;
      } else if (c === '\r' || c === '\n') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        i++;
        break;
      } else {
        cell += c;
        start = false;
      }
    }
    cells.push(cell);
    record++;
    if (rows.has(record)) found.set(record, cells);
  }
  return found;
}
