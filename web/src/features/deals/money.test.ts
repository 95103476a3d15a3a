import { describe, expect, it } from 'vitest';
import { addAmount, currencyDecimals, currencyLines, formatWholeMoney, sumAmounts } from './money';

describe('money sums', () => {
  it('adds per currency, exactly, without converting', () => {
    const total = sumAmounts([
      { amount: 0.1, currency: 'EUR' }, { amount: 0.2, currency: 'EUR' }, { amount: 1000, currency: 'USD' },
      { amount: null, currency: 'EUR' }, { amount: 5, currency: null },
    ]);
    expect(total).toEqual({ EUR: 0.3, USD: 1000 });
  });

  it('takes a moved deal away and drops a currency that falls to nothing', () => {
    const column = { EUR: 1500.5, JPY: 3000 };
    expect(addAmount(column, 1500.5, 'EUR', -1)).toEqual({ JPY: 3000 });
    expect(addAmount(column, 1, 'JPY', -1)).toEqual({ EUR: 1500.5, JPY: 2999 });
    expect(column).toEqual({ EUR: 1500.5, JPY: 3000 });
  });

  it('knows each currency\'s decimals, and a sum of many cards stays exact', () => {
    expect(currencyDecimals('EUR')).toBe(2);
    expect(currencyDecimals('JPY')).toBe(0);
    expect(currencyDecimals('KWD')).toBe(3);
    let total = {};
    for (let i = 0; i < 1000; i++) total = addAmount(total, 0.01, 'EUR');
    expect(total).toEqual({ EUR: 10 });
  });

  it('lists the biggest currency first and writes amounts the person\'s way', () => {
    expect(currencyLines({ USD: 10, EUR: 2000 })).toEqual([['EUR', 2000], ['USD', 10]]);
    expect(formatWholeMoney('en-US', 1250000.4, 'EUR')).toBe('€1,250,000');
    expect(formatWholeMoney('ru-RU', 1250000, 'RUB').replace(/\s/g, ' ')).toBe('1 250 000 ₽');
    expect(formatWholeMoney('en-US', 12, 'XYZ')).toMatch(/12/);
  });
});
