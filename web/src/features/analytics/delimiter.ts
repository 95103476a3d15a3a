import { useSyncExternalStore } from 'react';
import type { CsvDelimiter } from '@/ui/csv';

/**
 * The delimiter of the reports' CSV files, chosen once on the dashboard and remembered in this browser: `;` for Excel
 * where the decimal separator is a comma (Russian and most European locales), a comma elsewhere.
 */
const KEY = 'pulse.analytics.csvDelimiter';
const listeners = new Set<() => void>();

export function readDelimiter(): CsvDelimiter {
  try {
    return localStorage.getItem(KEY) === ';' ? ';' : ',';
  } catch {
    return ','; // storage refused (private mode): the default
  }
}

export function chooseDelimiter(delimiter: CsvDelimiter): void {
  try {
    localStorage.setItem(KEY, delimiter);
  } catch {
    // not remembered, still used until the page is left
  }
  chosen = delimiter;
  listeners.forEach((listener) => listener());
}

let chosen: CsvDelimiter | undefined;

export function useCsvDelimiter(): CsvDelimiter {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => chosen ?? (chosen = readDelimiter()),
  );
}
