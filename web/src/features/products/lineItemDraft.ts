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

/** A decimal as typed in any locale (`1 234,5`) in the API's form (`1234.5`); the API judges it. */
export function decimal(text: string): string {
  return text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
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
