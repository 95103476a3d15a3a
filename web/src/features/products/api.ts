import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, idempotencyKey, ifMatch, json } from '@/api/client';
import { downloadExport } from '@/api/download';
import type { Deal } from '@/features/deals/api';

export interface Price {
  currency: string;
  amount: number;
}

export interface Product {
  id: string;
  sku: string;
  name: string;
  description?: string | null;
  unit?: string | null;
  prices: Price[];
  taxRate?: number | null;
  active: boolean;
  version: number;
}

export interface Money {
  amount: number;
  currency: string;
}

export interface Discount {
  type: 'percent' | 'amount';
  value: number;
}

export interface LineItem {
  id: string;
  productId?: string | null;
  sku?: string | null;
  name: string;
  description?: string | null;
  quantity: number;
  unit?: string | null;
  unitPrice: Money;
  discount?: Discount | null;
  taxRate?: number | null;
  net: Money;
  tax: Money;
  total: Money;
}

export interface LineItemTotals {
  gross: Money;
  discount: Money;
  net: Money;
  tax: Money;
  total: Money;
}

/** The deal as deals-service answers it, with its line items (DealResponse.lineItems, lineItemTotals). */
export type DealWithItems = Omit<Deal, 'lineItems' | 'lineItemTotals'> & { lineItems?: LineItem[]; lineItemTotals?: LineItemTotals | null };

export interface LineItemInput {
  productId?: string;
  name?: string;
  description?: string;
  quantity: number | string;
  unit?: string;
  unitPrice?: number | string;
  discount?: { type: 'percent' | 'amount'; value: number | string } | null;
  taxRate?: number | string | null;
  currency?: string;
}

export interface ImportRow {
  row: number;
  sku?: string | null;
  outcome: 'created' | 'updated' | 'unchanged' | 'failed';
  productId?: string | null;
  errors: { field: string; message: string }[];
}

export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  results: ImportRow[];
}

export interface RevenueRow {
  productId?: string | null;
  sku?: string | null;
  name: string;
  currency: string;
  units: number;
  revenue: number;
  deals: number;
}

export interface RevenueReport {
  products: RevenueRow[];
  bestSellers: RevenueRow[];
}

/** Query keys start with the record type: live updates and saves invalidate by ['product']. */
export const productKeys = {
  all: ['product'] as const,
  list: (q: string, active: string) => ['product', 'list', q, active] as const,
  search: (q: string) => ['product', 'search', q] as const,
  revenue: (query: object) => ['deal', 'product-revenue', query] as const,
};

const PAGE = 50;

function query(params: Record<string, string | number | undefined>): string {
  const clean = Object.entries(params).filter(([, v]) => v !== undefined && v !== '') as [string, string][];
  return new URLSearchParams(clean.map(([k, v]) => [k, String(v)])).toString();
}

function send<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  return json<T>(api().fetch(path, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  }));
}

/** The catalogue, a page at a time by name; `q` a prefix of a word of the name or of the SKU. */
export function useProductList(q: string, active: string) {
  return useInfiniteQuery({
    queryKey: productKeys.list(q, active),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => json<{ items: Product[]; nextCursor?: string | null }>(
      api().fetch('/api/products?' + query({ q, active, limit: PAGE, cursor: pageParam }), { signal })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** Active products for a picker. */
export function useProductSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: productKeys.search(q),
    queryFn: ({ signal }) => json<{ items: Product[] }>(
      api().fetch('/api/products?' + query({ q, active: 'true', limit: 20 }), { signal })),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export type ProductInput = Omit<Product, 'id' | 'version'>;

export function createProduct(input: ProductInput): Promise<Product> {
  return send('POST', '/api/products', input, idempotencyKey());
}

export function updateProduct(product: Product, patch: Partial<ProductInput>): Promise<Product> {
  return send('PATCH', `/api/products/${encodeURIComponent(product.id)}`, patch, ifMatch(product.version));
}

export function downloadProductsCsv(): Promise<void> {
  return downloadExport({ path: '/api/products/export', name: 'products' });
}

export function importProducts(file: File, encoding: string, delimiter: string): Promise<ImportReport> {
  return json<ImportReport>(api().fetch('/api/products/import?' + query({ filename: file.name, encoding, delimiter }), {
    method: 'POST',
    headers: { 'Content-Type': file.type || 'application/octet-stream' },
    body: file,
  }));
}

const items = (dealId: string) => `/api/deals/${encodeURIComponent(dealId)}/line-items`;

export function addLineItem(deal: Deal, input: LineItemInput): Promise<DealWithItems> {
  return send('POST', items(deal.id ?? ''), input, { ...ifMatch(deal.version), ...idempotencyKey() });
}

export function changeLineItem(deal: Deal, itemId: string, input: LineItemInput): Promise<DealWithItems> {
  return send('PUT', `${items(deal.id ?? '')}/${encodeURIComponent(itemId)}`, input, ifMatch(deal.version));
}

export function removeLineItem(deal: Deal, itemId: string): Promise<DealWithItems> {
  return send('DELETE', `${items(deal.id ?? '')}/${encodeURIComponent(itemId)}`, undefined, ifMatch(deal.version));
}

export function reorderLineItems(deal: Deal, itemIds: string[]): Promise<DealWithItems> {
  return send('PUT', `${items(deal.id ?? '')}/order`, { itemIds }, ifMatch(deal.version));
}

export function useProductRevenue(params: { pipelineId: string; ownerId?: string; teamId?: string; from?: string; to?: string }) {
  return useQuery({
    queryKey: productKeys.revenue(params),
    queryFn: ({ signal }) => json<RevenueReport>(api().fetch(
      `/api/pipelines/${encodeURIComponent(params.pipelineId)}/analytics/products?` + query({
        ownerId: params.ownerId, teamId: params.teamId, from: params.from, to: params.to,
      }), { signal })),
    enabled: !!params.pipelineId,
  });
}
