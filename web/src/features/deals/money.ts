/**
 * Money on the board: sums per currency (deals are never converted), added and taken away in the currency's minor
 * units so that 0.1 + 0.2 stays 0.3 however many cards move.
 */
export type Amounts = Readonly<Record<string, number>>;

const decimalsCache = new Map<string, number>();

/** How many decimals a currency has (JPY 0, EUR 2, KWD 3), as Intl knows it; 2 for codes it does not know. */
export function currencyDecimals(currency: string): number {
  let decimals = decimalsCache.get(currency);
  if (decimals === undefined) {
    try {
      decimals = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      decimals = 2;
    }
    decimalsCache.set(currency, decimals);
  }
  return decimals;
}

function toMinor(amount: number, currency: string): number {
  return Math.round(amount * 10 ** currencyDecimals(currency));
}

function fromMinor(minor: number, currency: string): number {
  return minor / 10 ** currencyDecimals(currency);
}

/**
 * `amounts` with `amount` of `currency` added (`sign` 1) or taken away (-1). A currency that falls to zero is
 * dropped, so an emptied column shows no "€0" line. Deals without an amount change nothing.
 */
export function addAmount(amounts: Amounts | undefined, amount: number | null | undefined,
  currency: string | null | undefined, sign: 1 | -1 = 1): Amounts {
  const result: Record<string, number> = { ...(amounts ?? {}) };
  if (amount === null || amount === undefined || !currency || !Number.isFinite(amount)) return result;
  const minor = toMinor(result[currency] ?? 0, currency) + sign * toMinor(amount, currency);
  if (minor === 0) delete result[currency];
  else result[currency] = fromMinor(minor, currency);
  return result;
}

/** The total per currency of some deals. */
export function sumAmounts(deals: Iterable<{ amount?: number | null; currency?: string | null }>): Amounts {
  let total: Amounts = {};
  for (const deal of deals) total = addAmount(total, deal.amount, deal.currency);
  return total;
}

/** The currencies of a sum, largest first, so a column's headline is its main currency. */
export function currencyLines(amounts: Amounts | undefined): [string, number][] {
  return Object.entries(amounts ?? {}).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

const compactCache = new Map<string, Intl.NumberFormat>();

/**
 * An amount for a card or a column total: the person's locale, the deal's currency, no cents (a board is read at a
 * glance; the deal page shows the exact amount).
 */
export function formatWholeMoney(locale: string, amount: number, currency: string): string {
  const key = `${locale}|${currency}`;
  let format = compactCache.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 });
    } catch {
      format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    }
    compactCache.set(key, format);
  }
  const text = format.format(amount);
  return format.resolvedOptions().style === 'currency' ? text : `${text} ${currency}`;
}
