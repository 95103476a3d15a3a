import { isProblem } from '@/api/problem';

type Translate = (key: string, options?: Record<string, unknown>) => string;

const KINDS: Record<string, string> = {
  'file-too-large': 'tooLarge',
  'file-type-mismatch': 'mismatch',
  'file-executable': 'executable',
  'file-type-not-allowed': 'notAllowed',
  'file-empty': 'empty',
};

/**
 * Why an upload was refused, in the person's language, naming what the API named (the types, the limit); null for
 * problems that are not about the file (those are shown as they come).
 */
export function describeFileProblem(error: unknown, t: Translate, size: (bytes: number) => string): string | null {
  if (!isProblem(error)) return null;
  const slug = error.type.slice(error.type.lastIndexOf('/') + 1);
  const kind = KINDS[slug] ?? (error.status === 413 ? 'tooLarge' : undefined);
  if (!kind) return null;
  const body = error.body;
  const maxBytes = typeof body.maxBytes === 'number' ? body.maxBytes : undefined;
  return t(`problem.${kind}`, {
    declared: typeof body.declaredType === 'string' ? body.declaredType : '?',
    detected: typeof body.detectedType === 'string' ? body.detectedType : '?',
    max: maxBytes === undefined ? '' : size(maxBytes),
  });
}

/** A size as people read it: bytes, KB, MB, GB (powers of 1024), one decimal at most, in the locale's digits. */
export function formatFileSize(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
