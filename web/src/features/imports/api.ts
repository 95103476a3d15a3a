import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, json } from '@/api/client';
import type { RecordType } from './mapping';

/**
 * An import job as `GET /api/imports/{id}` shows it. The service describes the view as a map, so its shape is
 * written here. The fields marked "newer API" come with the formats work of issue #17 (encoding, delimiter,
 * sheets, suggested mapping, preview, updated rows, warnings): optional, and the wizard shows their controls only
 * when the service sends them.
 */
export interface ImportJob {
  id: string;
  fileName: string;
  status: ImportStatus;
  mode?: 'dry_run' | 'run' | null;
  columns: string[];
  mapping?: { column: string; field: string }[] | null;
  allowDuplicates?: boolean;
  rowsProcessed: number;
  created: number;
  duplicates: number;
  failed: number;
  rowErrors: RowError[];
  createdAt: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  failure?: string | null;
  createdBy?: string | null;
  // newer API
  format?: 'csv' | 'xlsx' | 'vcf' | null;
  encoding?: string | null;
  delimiter?: string | null;
  sheets?: string[] | null;
  sheet?: string | null;
  suggestedMapping?: Record<string, string> | null;
  preview?: string[][] | null;
  updated?: number | null;
  /** data rows in the file (the header not counted), counted at upload */
  rows?: number | null;
  warnings?: RowError[] | null;
  /** what the rows become; absent from a service from before companies (contacts) */
  recordType?: RecordType | null;
  /** IANA zone that dates without an offset were read in (the run's option; absent: UTC) */
  timeZone?: string | null;
  /** the first records the run created, for the report to link to */
  records?: CreatedRecord[] | null;
}

/** A record the run created; for activities, the contact whose timeline got the activity. */
export interface CreatedRecord {
  row: number;
  id: string;
  name?: string | null;
}

export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'validated' | 'completed' | 'cancelled' | 'failed';

export interface RowError {
  row: number;
  field?: string | null;
  message: string;
}

/** How the file is to be read: the service detects each, the person may say otherwise. */
export interface ReadOptions {
  encoding?: string;
  delimiter?: string;
  sheet?: string;
}

export interface StartOptions {
  mapping: Record<string, string>;
  allowDuplicates: boolean;
  defaultPhoneRegion?: string;
  /** IANA zone of dates written without an offset */
  timeZone?: string;
}

export const importKeys = {
  all: ['import'] as const,
  history: ['import', 'history'] as const,
  job: (id: string) => ['import', 'job', id] as const,
};

const ACTIVE: readonly ImportStatus[] = ['queued', 'running'];

export function isActive(job: Pick<ImportJob, 'status'>): boolean {
  return ACTIVE.includes(job.status);
}

/** The file's own type; what the browser cannot tell is sent as bytes and left to the service to refuse or read. */
export function contentTypeOf(file: Pick<File, 'name' | 'type'>): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv') || file.type === 'text/csv') return 'text/csv';
  if (name.endsWith('.xlsx') || file.type === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
    return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  }
  if (name.endsWith('.vcf') || name.endsWith('.vcard') || file.type === 'text/vcard' || file.type === 'text/x-vcard') return 'text/vcard';
  return 'application/octet-stream';
}

export function uploadImport(file: File, options: ReadOptions = {}, recordType: RecordType = 'contacts'): Promise<ImportJob> {
  const query = new URLSearchParams({ fileName: file.name });
  if (recordType !== 'contacts') query.set('recordType', recordType); // contacts is the service's default
  for (const [name, value] of Object.entries(options)) {
    if (value) query.set(name, value);
  }
  return json<ImportJob>(api().fetch(`/api/imports?${query.toString()}`, {
    method: 'POST',
    headers: { 'Content-Type': contentTypeOf(file), Accept: 'application/json, application/problem+json' },
    body: file,
  }));
}

export function getImport(id: string, signal?: AbortSignal): Promise<ImportJob> {
  return json<ImportJob>(api().fetch(`/api/imports/${encodeURIComponent(id)}`, { signal, headers: { Accept: 'application/json' } }));
}

export function startImport(id: string, mode: 'dry-run' | 'run', options: StartOptions): Promise<ImportJob> {
  const body: Record<string, unknown> = { mapping: options.mapping, allowDuplicates: options.allowDuplicates };
  if (options.defaultPhoneRegion) body.defaultPhoneRegion = options.defaultPhoneRegion;
  if (options.timeZone) body.timeZone = options.timeZone;
  return json<ImportJob>(api().fetch(`/api/imports/${encodeURIComponent(id)}/${mode}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
    body: JSON.stringify(body),
  }));
}

export function cancelImport(id: string): Promise<ImportJob> {
  return json<ImportJob>(api().fetch(`/api/imports/${encodeURIComponent(id)}/cancel`, {
    method: 'POST',
    headers: { Accept: 'application/json, application/problem+json' },
  }));
}

/** The job, read again every second while it is queued or running (progress). */
export function useImport(id: string) {
  return useQuery({
    queryKey: importKeys.job(id),
    queryFn: ({ signal }) => getImport(id, signal),
    refetchInterval: (query) => (query.state.data && isActive(query.state.data) ? 1000 : false),
  });
}

export interface ImportPage {
  items: ImportJob[];
  nextCursor?: string | null;
}

/** The caller's imports, newest first (`GET /api/imports`). */
export function useImportHistory() {
  return useQuery({
    queryKey: importKeys.history,
    queryFn: ({ signal }) => json<ImportPage>(api().fetch('/api/imports?limit=20', { signal, headers: { Accept: 'application/json' } })),
  });
}

export function rememberJob(client: QueryClient, job: ImportJob): void {
  client.setQueryData(importKeys.job(job.id), job);
  void client.invalidateQueries({ queryKey: importKeys.history });
}
