import { useQueryClient } from '@tanstack/react-query';
import { ArrowDown, ArrowUp, Pencil, Trash2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '@/api/client';
import { isProblem, ProblemError, splitFieldErrors } from '@/api/problem';
import { dealKeys, type Deal } from '@/features/deals/api';
import { useFormat } from '@/i18n/format';
import { Button, Combobox, Field, Select, inputClass } from '@/ui';
import {
  addLineItem, changeLineItem, removeLineItem, reorderLineItems, useProductSearch, type DealWithItems, type LineItem,
} from './api';
import { draftOf, EMPTY, FIELDS, toInput, type Draft } from './lineItemDraft';
import styles from './products.module.css';

/**
 * The deal's products and services: add from the catalogue (search by name or SKU) or as free text, with quantity,
 * discount and tax; the totals are the service's (the deal's amount follows them). Every change carries the deal's
 * version; when someone else changed the deal meanwhile the person sees the current items and keeps what they typed.
 */
export function LineItemsPanel({ deal }: { deal: Deal }) {
  const { t } = useTranslation('products');
  const format = useFormat();
  const headingId = useId();
  const queryClient = useQueryClient();
  const withItems = deal as DealWithItems;
  const items = withItems.lineItems ?? [];
  const totals = withItems.lineItemTotals;
  const currency = deal.currency ?? undefined;
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<string[]>([]);
  const [conflict, setConflict] = useState(false);
  const products = useProductSearch(search, search.trim().length > 0);

  const stored = (next: DealWithItems) => {
    queryClient.setQueryData(dealKeys.detail(next.id ?? ''), next);
    void queryClient.invalidateQueries({ queryKey: dealKeys.history(next.id ?? '') });
    void queryClient.invalidateQueries({ queryKey: dealKeys.boards });
    void queryClient.invalidateQueries({ queryKey: ['deal', 'list'] });
  };

  /** Runs one change; a 409 reloads the deal and keeps the draft for the person to apply again. */
  const run = async (change: () => Promise<DealWithItems>): Promise<boolean> => {
    setBusy(true);
    setErrors({});
    setOther([]);
    setConflict(false);
    try {
      stored(await change());
      return true;
    } catch (error) {
      const problem = isProblem(error) ? error : ProblemError.network(error);
      if (problem.conflict) {
        setConflict(true);
        const latest = await call(api().deals.GET('/api/deals/{id}', { params: { path: { id: deal.id ?? '' } } }));
        queryClient.setQueryData(dealKeys.detail(deal.id ?? ''), latest);
        return false;
      }
      const split = splitFieldErrors(problem, FIELDS, { 'discount.value': 'discount', 'discount.type': 'discount' });
      setErrors(split.byField);
      setOther(split.other.length || Object.keys(split.byField).length ? split.other : [problem.detail ?? problem.title]);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = toInput(draft, currency);
    const latest = (queryClient.getQueryData(dealKeys.detail(deal.id ?? '')) as Deal | undefined) ?? deal;
    const ok = await run(() => (draft.itemId ? changeLineItem(latest, draft.itemId, input) : addLineItem(latest, input)));
    if (ok) {
      setDraft(EMPTY);
      setSearch('');
    }
  };

  const move = (index: number, by: number) => {
    const ids = items.map((item) => item.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    void run(() => reorderLineItems(deal, ids));
  };

  const discountLabel = (item: LineItem) => !item.discount ? '—'
    : item.discount.type === 'percent' ? `${format.number(item.discount.value)} %` : format.money(item.discount.value, item.unitPrice.currency);

  return (
    <section className="card" aria-labelledby={headingId} data-panel="line-items">
      <h2 id={headingId}>{t('lineItems.title')}</h2>
      {items.length > 0 ? (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">{t('lineItems.item')}</th>
                <th scope="col" className={styles.num}>{t('lineItems.quantity')}</th>
                <th scope="col" className={styles.num}>{t('lineItems.unitPrice')}</th>
                <th scope="col" className={[styles.num, styles.hideNarrow].join(' ')}>{t('lineItems.discount')}</th>
                <th scope="col" className={[styles.num, styles.hideNarrow].join(' ')}>{t('lineItems.tax')}</th>
                <th scope="col" className={styles.num}>{t('lineItems.total')}</th>
                <th scope="col"><span className="visually-hidden">{t('actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {items.map((item, index) => (
                <tr key={item.id} data-line-item={item.name}>
                  <td>
                    {item.name}
                    {item.sku && <div className="muted">{item.sku}</div>}
                  </td>
                  <td className={styles.num}>{format.number(item.quantity)}{item.unit ? ` ${item.unit}` : ''}</td>
                  <td className={styles.num}>{format.money(item.unitPrice.amount, item.unitPrice.currency)}</td>
                  <td className={[styles.num, styles.hideNarrow].join(' ')}>{discountLabel(item)}</td>
                  <td className={[styles.num, styles.hideNarrow].join(' ')}>
                    {item.taxRate == null ? '—' : `${format.money(item.tax.amount, item.tax.currency)} (${format.number(item.taxRate)} %)`}
                  </td>
                  <td className={styles.num} data-total>{format.money(item.total.amount, item.total.currency)}</td>
                  <td className={styles.rowActions}>
                    <Button size="sm" variant="ghost" disabled={busy || index === 0} aria-label={t('lineItems.moveUp', { name: item.name })}
                      onClick={() => move(index, -1)}><ArrowUp size={14} aria-hidden /></Button>
                    <Button size="sm" variant="ghost" disabled={busy || index === items.length - 1}
                      aria-label={t('lineItems.moveDown', { name: item.name })} onClick={() => move(index, 1)}><ArrowDown size={14} aria-hidden /></Button>
                    <Button size="sm" variant="ghost" aria-label={t('lineItems.edit', { name: item.name })}
                      onClick={() => { setDraft(draftOf(item)); setSearch(''); }}><Pencil size={14} aria-hidden /></Button>
                    <Button size="sm" variant="ghost" disabled={busy} aria-label={t('lineItems.remove', { name: item.name })}
                      onClick={() => void run(() => removeLineItem(deal, item.id))}><Trash2 size={14} aria-hidden /></Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {totals && (
            <dl className={styles.totals} aria-label={t('lineItems.totals')}>
              <dt>{t('lineItems.net')}</dt><dd data-total="net">{format.money(totals.net.amount, totals.net.currency)}</dd>
              {totals.discount.amount > 0 && (<><dt>{t('lineItems.discounts')}</dt><dd>−{format.money(totals.discount.amount, totals.discount.currency)}</dd></>)}
              <dt>{t('lineItems.taxTotal')}</dt><dd data-total="tax">{format.money(totals.tax.amount, totals.tax.currency)}</dd>
              <dt>{t('lineItems.grandTotal')}</dt><dd data-total="total"><strong>{format.money(totals.total.amount, totals.total.currency)}</strong></dd>
            </dl>
          )}
        </div>
      ) : (
        <p className="muted">{t('lineItems.empty')}</p>
      )}

      {conflict && <p className={styles.error} role="alert">{t('lineItems.conflict')}</p>}
      <form className={styles.itemForm} onSubmit={(e) => void submit(e)} noValidate aria-label={draft.itemId ? t('lineItems.editForm') : t('lineItems.addForm')}>
        <Field label={t('lineItems.product')} error={errors.productId} hint={t('lineItems.productHint')}>
          <Combobox selectedLabel={draft.product ? `${draft.product.name} (${draft.product.sku})` : ''} onQueryChange={setSearch}
            loading={products.isFetching}
            options={(products.data?.items ?? []).map((p) => ({
              id: p.id, label: p.name,
              detail: [p.sku, ...p.prices.filter((price) => !currency || price.currency === currency).map((price) => format.money(price.amount, price.currency))].join(' · '),
            }))}
            onSelect={(option) => setDraft({ ...draft, product: option ? (products.data?.items ?? []).find((p) => p.id === option.id) ?? null : null })} />
        </Field>
        {!draft.product && (
          <Field label={t('lineItems.name')} error={errors.name}>
            <input className={inputClass} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </Field>
        )}
        <div className={styles.itemNumbers}>
          <Field label={t('lineItems.quantity')} error={errors.quantity} required>
            <input className={inputClass} inputMode="decimal" value={draft.quantity} onChange={(e) => setDraft({ ...draft, quantity: e.target.value })} />
          </Field>
          <Field label={t('lineItems.unitPrice')} error={errors.unitPrice}
            hint={draft.product ? t('lineItems.fromCatalogue') : undefined}>
            <input className={inputClass} inputMode="decimal" value={draft.unitPrice} onChange={(e) => setDraft({ ...draft, unitPrice: e.target.value })} />
          </Field>
          <Field label={t('lineItems.discountType')}>
            <Select value={draft.discountType} onChange={(e) => setDraft({ ...draft, discountType: e.target.value as Draft['discountType'] })}>
              <option value="">{t('lineItems.noDiscount')}</option>
              <option value="percent">{t('lineItems.percent')}</option>
              <option value="amount">{t('lineItems.amount')}</option>
            </Select>
          </Field>
          <Field label={t('lineItems.discount')} error={errors.discount}>
            <input className={inputClass} inputMode="decimal" value={draft.discountValue} disabled={!draft.discountType}
              onChange={(e) => setDraft({ ...draft, discountValue: e.target.value })} />
          </Field>
          <Field label={t('lineItems.taxRate')} error={errors.taxRate}>
            <input className={inputClass} inputMode="decimal" value={draft.taxRate} onChange={(e) => setDraft({ ...draft, taxRate: e.target.value })} />
          </Field>
          {!currency && (
            <Field label={t('field.currency')} error={errors.currency} required>
              <input className={inputClass} value={draft.currency} maxLength={3}
                onChange={(e) => setDraft({ ...draft, currency: e.target.value.toUpperCase() })} />
            </Field>
          )}
        </div>
        {other.map((message) => <p key={message} className={styles.error} role="alert">{message}</p>)}
        <div className={styles.formActions}>
          {draft.itemId && <Button onClick={() => { setDraft(EMPTY); setErrors({}); setOther([]); }}>{t('common:action.cancel')}</Button>}
          <Button variant="primary" type="submit" busy={busy}>{draft.itemId ? t('lineItems.save') : t('lineItems.add')}</Button>
        </div>
      </form>
    </section>
  );
}
