/**
 * What a 409 (someone else saved the record since it was read) means for the change a person was saving: per field
 * they changed, the value they started from, theirs, and the current one; and which other fields changed meanwhile.
 * Field paths are top-level fields, or `customFields.<key>` for a custom field (merge patches change those one by one).
 */
export interface ConflictRow {
  field: string;
  /** What the person saw when they started editing. */
  base: unknown;
  /** What they want it to be. */
  mine: unknown;
  /** What it is now. */
  current: unknown;
  /** Someone else changed this very field: keeping theirs overwrites that change. */
  changedMeanwhile: boolean;
}

type Json = Record<string, unknown>;

/** Fields every write changes: never worth showing as someone's change. */
const BOOKKEEPING = new Set(['version', 'updatedAt', 'createdAt', 'id']);

/** The fields a merge patch sets, as paths (a patch's `customFields` object sets each key on its own). */
export function patchedFields(patch: Json): string[] {
  const fields: string[] = [];
  for (const [field, value] of Object.entries(patch)) {
    if (field === 'customFields' && value && typeof value === 'object' && !Array.isArray(value)) {
      fields.push(...Object.keys(value).map((key) => `customFields.${key}`));
    } else {
      fields.push(field);
    }
  }
  return fields;
}

/** A field's value by path; missing and null are the same (nothing there). */
export function valueAt(record: Json, path: string): unknown {
  const [head, key] = path.startsWith('customFields.') ? ['customFields', path.slice('customFields.'.length)] : [path, undefined];
  let value = record[head];
  if (key !== undefined) value = value && typeof value === 'object' ? (value as Json)[key] : undefined;
  return value === undefined ? null : value;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return stable(normalise(a)) === stable(normalise(b));
}

/** The rows of the conflict for the fields the person changed. */
export function conflictRows(base: Json, current: Json, patch: Json): ConflictRow[] {
  return patchedFields(patch).map((field) => {
    const before = valueAt(base, field);
    const now = valueAt(current, field);
    return { field, base: before, mine: valueAt(patch, field), current: now, changedMeanwhile: !sameValue(before, now) };
  });
}

/** Fields someone else changed that the person did not touch (shown so nothing changes unseen). */
export function otherChanges(base: Json, current: Json, patch: Json): string[] {
  const mine = new Set(patchedFields(patch));
  const fields = new Set<string>();
  for (const field of new Set([...Object.keys(base), ...Object.keys(current)])) {
    if (BOOKKEEPING.has(field)) continue;
    if (field === 'customFields') {
      const keys = new Set([...Object.keys((base.customFields as Json) ?? {}), ...Object.keys((current.customFields as Json) ?? {})]);
      keys.forEach((key) => fields.add(`customFields.${key}`));
    } else {
      fields.add(field);
    }
  }
  return [...fields].filter((field) => !mine.has(field) && !sameValue(valueAt(base, field), valueAt(current, field))).sort();
}

/**
 * Whether saving the person's change again on the current version is harmless: nobody else touched their fields
 * (other fields may have changed; a merge patch leaves them as they are now).
 */
export function reapplyIsSafe(rows: readonly ConflictRow[]): boolean {
  return rows.every((row) => !row.changedMeanwhile || sameValue(row.mine, row.current));
}

/** Empty strings, empty lists and empty objects are "nothing", like null (the API drops them). */
function normalise(value: unknown): unknown {
  if (value === undefined || value === '' || value === null) return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(normalise);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Json).map(([k, v]) => [k, normalise(v)] as const).filter(([, v]) => v !== null);
    return entries.length === 0 ? null : Object.fromEntries(entries);
  }
  return value;
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Json)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
