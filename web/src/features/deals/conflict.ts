import type { Deal } from './api';

/** The deal fields a person sees and edits on the deal page, compared when someone else changed the deal meanwhile. */
export const COMPARED_FIELDS = [
  'title', 'amount', 'currency', 'expectedCloseDate', 'ownerId', 'companyId', 'source', 'contacts', 'stageId', 'status',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

function comparable(deal: Deal, field: ComparedField): unknown {
  if (field === 'contacts') return (deal.contacts ?? []).map((c) => `${c.contactId}:${c.role}`).join(',');
  const value = deal[field];
  return value === undefined ? null : value;
}

/** The fields someone else changed between the version the person started from and the current one. */
export function changedFields(base: Deal, latest: Deal): ComparedField[] {
  return COMPARED_FIELDS.filter((field) => comparable(base, field) !== comparable(latest, field));
}

/** The API fields a merge patch touches, in the terms of {@link COMPARED_FIELDS}. */
export function patchedFields(patch: Record<string, unknown>): ComparedField[] {
  return COMPARED_FIELDS.filter((field) => field in patch);
}

/** Fields both the person and someone else changed: saving would overwrite the other change. */
export function overlapping(base: Deal, latest: Deal, patch: Record<string, unknown>): ComparedField[] {
  const theirs = new Set(changedFields(base, latest));
  return patchedFields(patch).filter((field) => theirs.has(field));
}
