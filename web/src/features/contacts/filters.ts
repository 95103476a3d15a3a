/**
 * A list's filters as the URL holds them, so a filtered list is a link to share, survives a reload and is what the
 * browser's back button returns to. The URL uses the API's own parameter names (q, ownerId, tag, lifecycleStage,
 * source, companyId, sort, cf.<key>), which are also a saved segment's `filter`: one mapping, three uses.
 */
export interface ListFilters {
  q?: string;
  ownerId?: string;
  tag?: string;
  lifecycleStage?: string;
  source?: string;
  companyId?: string;
  sort?: string;
  /** Custom field filters by key (the `cf.` prefix removed). */
  custom: Record<string, string>;
}

export const CONTACT_FILTER_KEYS = ['q', 'ownerId', 'tag', 'lifecycleStage', 'source', 'companyId', 'sort'] as const;
export const COMPANY_FILTER_KEYS = ['q', 'ownerId', 'sort'] as const;
type FilterKey = (typeof CONTACT_FILTER_KEYS)[number];

export const CUSTOM_PREFIX = 'cf.';
/** The URL parameter naming the saved segment the list was opened from. */
export const SEGMENT_PARAM = 'segment';

/** The filters in a URL's query (or a segment's filter): known keys only, blank values dropped. */
export function filtersFromParams(
  params: URLSearchParams | Record<string, string>,
  keys: readonly FilterKey[] = CONTACT_FILTER_KEYS,
): ListFilters {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  const filters: ListFilters = { custom: {} };
  for (const [name, raw] of entries) {
    const value = name === 'q' ? raw : raw.trim();
    if (!value.trim()) continue;
    if (name.startsWith(CUSTOM_PREFIX) && name.length > CUSTOM_PREFIX.length) {
      filters.custom[name.slice(CUSTOM_PREFIX.length)] = value;
    } else if ((keys as readonly string[]).includes(name)) {
      filters[name as FilterKey] = value;
    }
  }
  return filters;
}

/**
 * The API's query parameters for these filters (also a segment's `filter`): `q` trimmed, custom fields as
 * `cf.<key>`, nothing empty. Keys come out in a stable order, so equal filters give equal query keys and URLs.
 */
export function toApiParams(filters: ListFilters): Record<string, string> {
  const params: Record<string, string> = {};
  for (const key of CONTACT_FILTER_KEYS) {
    const value = key === 'q' ? filters.q?.trim() : filters[key];
    if (value) params[key] = value;
  }
  for (const key of Object.keys(filters.custom).sort()) {
    const value = filters.custom[key];
    if (value) params[CUSTOM_PREFIX + key] = value;
  }
  return params;
}

/** The URL query for these filters, keeping the segment the list was opened from. */
export function toSearchParams(filters: ListFilters, segmentId?: string): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(toApiParams(filters))) {
    params.set(name, name === 'q' ? filters.q ?? value : value);
  }
  if (segmentId) params.set(SEGMENT_PARAM, segmentId);
  return params;
}

export function sameFilters(a: ListFilters, b: ListFilters): boolean {
  return JSON.stringify(toApiParams(a)) === JSON.stringify(toApiParams(b));
}

/** How many filters narrow the list, besides the search box and the order. */
export function countFilters(filters: ListFilters): number {
  return Object.keys(toApiParams(filters)).filter((name) => name !== 'q' && name !== 'sort').length;
}

/** The filters with one of them changed (undefined or '' removes it). */
export function withFilter(filters: ListFilters, name: FilterKey | `cf.${string}`, value: string | undefined): ListFilters {
  if (name.startsWith(CUSTOM_PREFIX)) {
    const custom = { ...filters.custom };
    const key = name.slice(CUSTOM_PREFIX.length);
    if (value) custom[key] = value;
    else delete custom[key];
    return { ...filters, custom };
  }
  const next: ListFilters = { ...filters, custom: { ...filters.custom } };
  if (value) next[name as FilterKey] = value;
  else delete next[name as FilterKey];
  return next;
}
