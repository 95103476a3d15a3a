import { api, call, readAllPages } from '@/api/client';
import type { CustomFieldDefinition } from '@/features/contacts/customFields';
import { toApiParams, type ListFilters } from '@/features/contacts/filters';
import type { Deal, DealListFilters } from '@/features/deals/api';
import { csvBlob, datedFileName, saveFile, type CsvCell } from '@/ui/csv';

/**
 * Exports of the lists the app shows that have no export endpoint of their own (companies, the deals list, the task
 * agenda): every row the list's filters match, read page by page through the same API the list uses (so only what
 * the person may see), written as UTF-8 CSV with a byte order mark (Excel opens it in any locale). Contacts and
 * segments use contacts-service's own export (`downloadContactsCsv`).
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

export async function exportDeals(filters: DealListFilters, names: { user: Name; pipeline: Name }): Promise<void> {
  const query = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== ''));
  const deals: Deal[] = await readAllPages((cursor) => call(api().deals.GET('/api/deals', {
    params: { query: { ...query, limit: EXPORT_PAGE, cursor } },
  })));
  const rows: CsvCell[][] = [[
    'id', 'title', 'pipeline', 'stage', 'status', 'amount', 'currency', 'expectedCloseDate', 'ownerId', 'owner',
    'companyId', 'company', 'source', 'lostReason', 'createdAt', 'updatedAt', 'closedAt',
  ]];
  for (const deal of deals) {
    rows.push([
      deal.id, deal.title, deal.pipelineId ? names.pipeline(deal.pipelineId) : '', deal.stage?.name,
      deal.status, deal.amount, deal.currency, deal.expectedCloseDate, deal.ownerId,
      deal.ownerId ? names.user(deal.ownerId) : '', deal.companyId, deal.companyName, deal.source,
      deal.lostReason, deal.createdAt, deal.updatedAt, deal.closedAt,
    ]);
  }
  saveFile(csvBlob(rows), datedFileName('deals'));
}

export interface ExportedTask {
  id?: string;
  title?: string;
  type?: string;
  priority?: string;
  status?: string;
  dueAt?: string;
  timeZone?: string;
  assigneeId?: string;
  contactId?: string;
  companyId?: string;
  dealId?: string;
  description?: string;
}

/** The agenda as the page shows it: its sections in order, each task with the section it is in. */
export function exportTasks(sections: readonly [string, readonly ExportedTask[]][], userName: Name): void {
  const rows: CsvCell[][] = [[
    'section', 'id', 'title', 'type', 'priority', 'status', 'dueAt', 'timeZone', 'assigneeId', 'assignee', 'contactId',
    'companyId', 'dealId', 'description',
  ]];
  for (const [section, tasks] of sections) {
    for (const task of tasks) {
      rows.push([
        section, task.id, task.title, task.type, task.priority, task.status, task.dueAt, task.timeZone, task.assigneeId,
        task.assigneeId ? userName(task.assigneeId) : '', task.contactId, task.companyId, task.dealId, task.description,
      ]);
    }
  }
  saveFile(csvBlob(rows), datedFileName('tasks'));
}
