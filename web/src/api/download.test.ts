import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi, setApi } from '@/api/client';
import { ProblemError } from '@/api/problem';
import { downloadExport, exportUrl } from './download';

const saved: { blob: Blob; name: string }[] = [];
vi.mock('@/ui/csv', async (original) => ({
  ...(await original<typeof import('@/ui/csv')>()),
  datedFileName: (name: string, extension: string) => `${name}.${extension}`,
  saveFile: (blob: Blob, name: string) => saved.push({ blob, name }),
}));

let requests: Request[] = [];
let answer: () => Response;

beforeEach(() => {
  saved.length = 0;
  requests = [];
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return answer();
  }));
  setApi(createApi({ accessToken: () => 'token', expired: () => undefined }, 'http://pulse.test'));
});

afterEach(() => vi.unstubAllGlobals());

describe('export downloads', () => {
  it('ask for each kind with the list filters, leaving empty filters out', () => {
    const filters = { pipelineId: 'p1', ownerId: undefined, stageId: '', sort: '-amount' };
    expect(exportUrl('/api/deals/export', filters, 'csv')).toBe('/api/deals/export?pipelineId=p1&sort=-amount');
    expect(exportUrl('/api/deals/export', filters, 'csv-semicolon')).toBe('/api/deals/export?pipelineId=p1&sort=-amount&delimiter=%3B');
    expect(exportUrl('/api/deals/export', {}, 'xlsx')).toBe('/api/deals/export?format=xlsx');
    expect(exportUrl('/api/products/export', {}, 'csv')).toBe('/api/products/export');
  });

  it('save a workbook as .xlsx and a CSV as .csv with one byte order mark', async () => {
    answer = () => new Response(new Uint8Array([0x50, 0x4b]), { status: 200 });
    await downloadExport({ path: '/api/deals/export', filters: { status: 'open' }, name: 'deals', kind: 'xlsx' });
    expect(requests[0]?.url).toBe('http://pulse.test/api/deals/export?status=open&format=xlsx');
    expect(requests[0]?.headers.get('Accept')).toContain('spreadsheetml');
    expect(saved[0]?.name).toBe('deals.xlsx');
    expect([...new Uint8Array(await saved[0]!.blob.arrayBuffer())]).toEqual([0x50, 0x4b]);

    answer = () => new Response('\uFEFFid;title\r\n', { status: 200 });
    await downloadExport({ path: '/api/tasks/export', filters: { assigneeId: 'ada' }, name: 'tasks', kind: 'csv-semicolon' });
    expect(requests[1]?.url).toBe('http://pulse.test/api/tasks/export?assigneeId=ada&delimiter=%3B');
    expect(requests[1]?.headers.get('Accept')).toContain('text/csv');
    expect(saved[1]?.name).toBe('tasks.csv');
    const bytes = new Uint8Array(await saved[1]!.blob.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x69]);
  });

  it('post a selection as JSON', async () => {
    answer = () => new Response('id\r\n', { status: 200 });
    await downloadExport({ path: '/api/contacts/export', name: 'contacts', body: { ids: ['c1'] } });
    expect(requests[0]?.method).toBe('POST');
    expect(await requests[0]?.text()).toBe('{"ids":["c1"]}');
  });

  it("throw the service's problem and save nothing", async () => {
    answer = () => new Response(JSON.stringify({ status: 400, title: 'Bad request', errors: [{ field: 'delimiter', message: 'bad' }] }),
      { status: 400, headers: { 'Content-Type': 'application/problem+json' } });
    await expect(downloadExport({ path: '/api/deals/export', name: 'deals' })).rejects.toBeInstanceOf(ProblemError);
    expect(saved).toHaveLength(0);
  });
});
