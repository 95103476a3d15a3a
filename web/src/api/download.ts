import { api, json } from '@/api/client';
import { ProblemError } from '@/api/problem';
import { datedFileName, saveFile, withBom } from '@/ui/csv';

/**
 * Downloads of the services' exports (contacts, segments, products, the deals list, the task list): one request with
 * the list's filters and the chosen file kind, the service's problem thrown as a ProblemError, the file saved under a
 * dated name. The services write CSV in UTF-8 with a byte order mark; `withBom` only guards a file that lacks it.
 */

/** The file kinds an export menu offers: `;` is what Excel expects where the decimal separator is a comma. */
export const EXPORT_KINDS = ['csv', 'csv-semicolon', 'xlsx'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The export endpoints' own query parameters (format, delimiter) for a kind. */
export function exportParams(kind: ExportKind): Record<string, string> {
  switch (kind) {
    case 'xlsx': return { format: 'xlsx' };
    case 'csv-semicolon': return { delimiter: ';' };
    default: return {};
  }
}

/** The URL of an export: the list's filters (empty ones left out) and the kind's parameters. */
export function exportUrl(path: string, filters: Record<string, string | undefined>, kind: ExportKind): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...exportParams(kind) })) {
    if (value !== undefined && value !== '') query.set(key, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export interface ExportRequest {
  /** The export endpoint, e.g. `/api/deals/export`. */
  path: string;
  filters?: Record<string, string | undefined>;
  /** The saved file's name before its date and extension. */
  name: string;
  kind?: ExportKind;
  /** A selection of records (contacts' POST export): sent as the JSON body. */
  body?: unknown;
}

export async function downloadExport({ path, filters = {}, name, kind = 'csv', body }: ExportRequest): Promise<void> {
  const xlsx = kind === 'xlsx';
  let answer: Response;
  try {
    answer = await api().fetch(exportUrl(path, filters, kind), {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        Accept: `${xlsx ? XLSX_TYPE : 'text/csv'}, application/problem+json`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw ProblemError.network(cause);
  }
  if (!answer.ok) await json(Promise.resolve(answer)); // throws the problem
  const file = await answer.blob();
  saveFile(xlsx ? file : await withBom(file), datedFileName(name, xlsx ? 'xlsx' : 'csv'));
}
