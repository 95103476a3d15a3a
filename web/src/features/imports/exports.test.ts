import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi, setApi } from '@/api/client';
import { exportCompanies } from './exports';

const saved: { rows: unknown; name: string }[] = [];
vi.mock('@/ui/csv', () => ({
  csvBlob: (rows: unknown) => rows,
  datedFileName: (name: string) => `${name}.csv`,
  saveFile: (rows: unknown, name: string) => saved.push({ rows, name }),
}));

let requests: string[] = [];

beforeEach(() => {
  saved.length = 0;
  requests = [];
  const pages = [
    { items: [{ id: 'c1', name: 'Acme', ownerId: 'ada', address: { city: 'Sofia' }, customFields: { size: { amount: 5, currency: 'EUR' } } }], nextCursor: 'next' },
    { items: [{ id: 'c2', name: 'Beta', customFields: { tags: ['a', 'b'] } }], nextCursor: null },
  ];
  vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
    requests.push(request.url);
    return new Response(JSON.stringify(pages.shift()), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }));
  setApi(createApi({ accessToken: () => 'token', expired: () => undefined }, 'http://pulse.test'));
});

describe('exports', () => {
  it('read every page of the list with its filters and write each row with owner names and custom fields', async () => {
    await exportCompanies({ q: 'ac', ownerId: 'ada', custom: {} }, [{ key: 'size', label: 'Size' }, { key: 'tags', label: 'Tags' }], (id) => `Name of ${id}`);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toContain('q=ac');
    expect(requests[0]).toContain('ownerId=ada');
    expect(requests[1]).toContain('cursor=next');
    const [file] = saved;
    expect(file?.name).toBe('companies.csv');
    const rows = file?.rows as unknown[][];
    expect(rows[0]).toEqual(expect.arrayContaining(['id', 'name', 'owner', 'city', 'cf.size', 'cf.tags']));
    const column = (name: string) => (rows[0] as string[]).indexOf(name);
    expect(rows[1]?.[column('owner')]).toBe('Name of ada');
    expect(rows[1]?.[column('city')]).toBe('Sofia');
    expect(rows[1]?.[column('cf.size')]).toBe('5 EUR');
    expect(rows[2]?.[column('cf.tags')]).toBe('a;b');
    expect(rows[2]?.[column('owner')]).toBe('');
  });
});
