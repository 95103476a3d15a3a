import type { HistoryEntry } from './api';
import { currencyDecimals } from './money';

/** The stored fields a person cares about in a deal's history, by the names the deal page uses. */
const SHOWN: Record<string, string> = {
  title: 'title', amountMinor: 'amount', currency: 'currency', expectedCloseDate: 'expectedCloseDate',
  ownerId: 'ownerId', teamId: 'teamId', companyId: 'companyId', contacts: 'contacts', source: 'source',
  stageId: 'stageId', status: 'status', lostReason: 'lostReason', lostNote: 'lostNote', customFields: 'customFields',
};

export interface ShownChange {
  field: string;
  from: unknown;
  to: unknown;
}

/**
 * The lines of a history entry worth showing: the record history lists the stored fields (amounts in minor units,
 * bookkeeping such as the time a stage was entered); a person reads amounts in their currency and no bookkeeping.
 * A creation is one line of its own, not a list of every field.
 */
export function shownChanges(entry: HistoryEntry, currency: string | undefined): ShownChange[] {
  if (entry.type?.includes('.created.')) return [];
  const changes = entry.changes ?? [];
  const currencyChange = changes.find((change) => change.field === 'currency');
  return changes.flatMap((change) => {
    const field = SHOWN[change.field ?? ''];
    if (!field) return [];
    if (field === 'amount') {
      const minor = (value: unknown, code: unknown) =>
        typeof value === 'number' ? value / 10 ** currencyDecimals(typeof code === 'string' ? code : currency ?? 'EUR') : value;
      return [{ field, from: minor(change.from, currencyChange?.from ?? currency), to: minor(change.to, currencyChange?.to ?? currency) }];
    }
    return [{ field, from: change.from, to: change.to }];
  });
}
