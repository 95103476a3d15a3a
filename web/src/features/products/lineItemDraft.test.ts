import { describe, expect, it } from 'vitest';
import { decimal, draftOf, EMPTY, toInput } from './lineItemDraft';

describe('line item form', () => {
  it('sends a free-text line with a Russian-typed price and a percent discount', () => {
    expect(toInput({ ...EMPTY, name: 'Монтаж', quantity: '2,5', unitPrice: '1 234,50', discountType: 'percent', discountValue: '10' }, 'EUR'))
      .toEqual({ name: 'Монтаж', quantity: 2.5, unitPrice: 1234.5, discount: { type: 'percent', value: 10 } });
  });

  it('leaves price and tax to the product when they are empty, and names the currency only for a deal without one', () => {
    const product = { id: 'p-1', sku: 'A-1', name: 'Anvil', prices: [], active: true, version: 0 };
    expect(toInput({ ...EMPTY, product, name: 'ignored', currency: 'usd ' }, 'EUR')).toEqual({ quantity: 1, productId: 'p-1' });
    expect(toInput({ ...EMPTY, product, currency: 'USD ' }, undefined)).toEqual({ quantity: 1, productId: 'p-1', currency: 'USD' });
  });

  it('sends no discount without its value', () => {
    expect(toInput({ ...EMPTY, name: 'x', unitPrice: '1', discountType: 'amount' }, 'EUR')).not.toHaveProperty('discount');
  });

  it('fills the form from an item to change it', () => {
    const money = (amount: number) => ({ amount, currency: 'EUR' });
    const draft = draftOf({
      id: 'i-1', productId: 'p-1', sku: 'A-1', name: 'Anvil', quantity: 3, unitPrice: money(10),
      discount: { type: 'amount', value: 5 }, taxRate: 20, net: money(25), tax: money(5), total: money(30),
    });
    expect(draft).toMatchObject({ itemId: 'i-1', name: '', quantity: '3', unitPrice: '10', discountType: 'amount', discountValue: '5', taxRate: '20' });
    expect(draft.product?.id).toBe('p-1');
    expect(decimal('1\u00a0000,25')).toBe(1000.25);
  });

  it('sends numbers as JSON numbers, and what is not one as typed for the API to name', () => {
    expect(decimal('0,10')).toBe(0.1);
    expect(decimal('-5')).toBe(-5);
    expect(decimal('2 шт')).toBe('2шт');
    expect(decimal('1.2.3')).toBe('1.2.3');
    expect(decimal('')).toBe('');
    expect(decimal('1234567890123456.5')).toBe('1234567890123456.5');
    expect(JSON.stringify({ amount: decimal('999 999 999 999,99') })).toBe('{"amount":999999999999.99}');
  });
});
