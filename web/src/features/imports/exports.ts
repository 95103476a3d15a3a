import { api, call, readAllPages } from '@/api/client';
import type { CustomFieldDefinition } from '@/features/contacts/customFields';
import { toApiParams, type ListFilters } from '@/features/contacts/filters';
import { csvBlob, datedFileName, saveFile, type CsvCell } from '@/ui/csv';

/**
 * Exports of the lists the app shows that have no export endpoint of their own (companies): every row the list's
 * filters match, read page by page through the same API the list uses (so only what the person may see), written as
 * UTF-8 CSV with a byte order mark (Excel opens it in any locale). Contacts, segments, products, the deals list and the
 * agenda use their services' exports (`downloadExport`).
 */

const EXPORT_PAGE = 200;

type Name = (id: string) => string;

function customText(value: unknown): CsvCell {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(';');
  if (typeof value === 'object') {
    const money = value as { amount?: unknown; currency?: unknown };
    if (money.amount !== undefined) return `${String(money.amount)} ${String(money.currency ?? '')}`.trim();
    return JSON.stringify(value);
  }
  return value as CsvCell;
}

export async function exportCompanies(filters: ListFilters, definitions: readonly CustomFieldDefinition[], userName: Name): Promise<void> {
  const params = toApiParams({ ...filters, sort: filters.sort ?? '-createdAt' });
  const companies = await readAllPages((cursor) => call(api().contacts.GET('/api/companies', {
    params: { query: { ...params, limit: EXPORT_PAGE, cursor } as never },
  })));
  const keys = definitions.map((definition) => definition.key ?? '').filter(Boolean);
  const rows: CsvCell[][] = [[
    'id', 'name', 'domain', 'industry', 'size', 'ownerId', 'owner', 'street', 'city', 'region', 'postalCode', 'country',
    'createdAt', 'updatedAt', ...keys.map((key) => `cf.${key}`),
  ]];
  for (const company of companies) {
    const address = (company.address ?? {}) as Record<string, string | undefined>;
    const custom = (company.customFields ?? {}) as Record<string, unknown>;
    rows.push([
      company.id, company.name, company.domain, company.industry, company.size, company.ownerId,
      company.ownerId ? userName(company.ownerId) : '', address.street, address.city, address.region, address.postalCode,
      address.country, company.createdAt, company.updatedAt, ...keys.map((key) => customText(custom[key])),
    ]);
  }
  saveFile(csvBlob(rows), datedFileName('companies'));
}
