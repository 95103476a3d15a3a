import type { LineItem, LineItemInput, Product } from './api';

/** What the line item form holds: text as typed, so nothing is lost or reformatted while the person edits. */
export interface Draft {
  itemId?: string;
  product: Product | null;
  name: string;
  quantity: string;
  unitPrice: string;
  discountType: '' | 'percent' | 'amount';
  discountValue: string;
  taxRate: string;
  currency: string;
}

export const EMPTY: Draft = {
  product: null, name: '', quantity: '1', unitPrice: '', discountType: '', discountValue: '', taxRate: '', currency: '',
};

/** The API's fields the form shows errors beside (`discount.value` is shown beside the discount). */
export const FIELDS = ['productId', 'name', 'quantity', 'unitPrice', 'discount', 'taxRate', 'currency'];

/**
 * A decimal as typed in any locale (`1 234,5`) as the API takes it: a JSON number (`1234.5`; the API binds numbers
 * strictly and refuses one sent as text). What is not a plain decimal, or has more digits than a number carries
 * exactly, goes as typed, so the API's answer says what is wrong beside the field.
 */
export function decimal(text: string): number | string {
  const plain = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(plain) && plain.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15 ? Number(plain) : plain;
}

/** The form filled with an item, to change it. */
export function draftOf(item: LineItem): Draft {
  return {
    itemId: item.id,
    product: item.productId ? { id: item.productId, sku: item.sku ?? '', name: item.name, prices: [], active: true, version: 0 } : null,
    name: item.productId ? '' : item.name,
    quantity: String(item.quantity),
    unitPrice: String(item.unitPrice.amount),
    discountType: item.discount?.type ?? '',
    discountValue: item.discount ? String(item.discount.value) : '',
    taxRate: item.taxRate == null ? '' : String(item.taxRate),
    currency: '',
  };
}

/**
 * The request for the form: a product line or free text; empty price and tax leave them to the product; a discount
 * only with both its type and value; a currency only for a deal that has none.
 */
export function toInput(draft: Draft, dealCurrency: string | undefined): LineItemInput {
  return {
    quantity: decimal(draft.quantity),
    ...(draft.product ? { productId: draft.product.id } : { name: draft.name }),
    ...(draft.unitPrice.trim() ? { unitPrice: decimal(draft.unitPrice) } : {}),
    ...(draft.discountType && draft.discountValue.trim()
      ? { discount: { type: draft.discountType, value: decimal(draft.discountValue) } } : {}),
    ...(draft.taxRate.trim() ? { taxRate: decimal(draft.taxRate) } : {}),
    ...(!dealCurrency && draft.currency.trim() ? { currency: draft.currency.trim() } : {}),
  };
}
