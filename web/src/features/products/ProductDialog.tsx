import { Plus, X } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { isProblem, ProblemError, splitFieldErrors } from '@/api/problem';
import { Button, Dialog, Field, inputClass } from '@/ui';
import { createProduct, productKeys, updateProduct, type Product, type ProductInput } from './api';
import styles from './products.module.css';

interface PriceRow {
  currency: string;
  amount: string;
}

const FIELDS = ['sku', 'name', 'description', 'unit', 'taxRate', 'prices'];

/** Create or edit a product: prices one row per currency; the API's refusals beside their fields, nothing typed lost. */
export function ProductDialog({ product, onClose }: { product?: Product; onClose(): void }) {
  const { t } = useTranslation('products');
  const queryClient = useQueryClient();
  const [sku, setSku] = useState(product?.sku ?? '');
  const [name, setName] = useState(product?.name ?? '');
  const [description, setDescription] = useState(product?.description ?? '');
  const [unit, setUnit] = useState(product?.unit ?? '');
  const [taxRate, setTaxRate] = useState(product?.taxRate == null ? '' : String(product.taxRate));
  const [active, setActive] = useState(product?.active ?? true);
  const [prices, setPrices] = useState<PriceRow[]>(
    product?.prices.length ? product.prices.map((p) => ({ currency: p.currency, amount: String(p.amount) })) : [{ currency: 'EUR', amount: '' }]);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<string[]>([]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setOther([]);
    const input: ProductInput = {
      sku, name, description: description || null, unit: unit || null, active,
      taxRate: taxRate.trim() === '' ? null : (Number(taxRate.replace(',', '.')) as number),
      prices: prices.filter((p) => p.currency.trim() || p.amount.trim())
        .map((p) => ({ currency: p.currency.trim(), amount: Number(p.amount.replace(',', '.').replace(/\s/g, '')) })),
    };
    try {
      if (product) await updateProduct(product, input);
      else await createProduct(input);
      await queryClient.invalidateQueries({ queryKey: productKeys.all });
      onClose();
    } catch (error) {
      const problem = isProblem(error) ? error : ProblemError.network(error);
      const split = splitFieldErrors(problem, FIELDS);
      setErrors(split.byField);
      setOther(split.other.length || Object.keys(split.byField).length ? split.other : [problem.detail ?? problem.title]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} width={560}
      title={product ? t('dialog.editTitle', { name: product.name }) : t('dialog.createTitle')}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button variant="primary" type="submit" form="product-form" busy={busy}>{t('common:action.save')}</Button>
        </>
      }>
      <form id="product-form" className={styles.form} onSubmit={(e) => void submit(e)} noValidate>
        <div className={styles.pair}>
          <Field label={t('field.sku')} required error={errors.sku}>
            <input className={inputClass} value={sku} onChange={(e) => setSku(e.target.value)} autoComplete="off" />
          </Field>
          <Field label={t('field.unit')} error={errors.unit} hint={t('field.unitHint')}>
            <input className={inputClass} value={unit} onChange={(e) => setUnit(e.target.value)} />
          </Field>
        </div>
        <Field label={t('field.name')} required error={errors.name}>
          <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('field.description')} error={errors.description}>
          <textarea className={inputClass} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <fieldset className={styles.prices}>
          <legend>{t('field.prices')}</legend>
          {prices.map((price, index) => (
            <div key={index} className={styles.priceRow}>
              <Field label={t('field.currency')} error={errors[`prices.${index}`]}>
                <input className={inputClass} value={price.currency} maxLength={3} size={4}
                  onChange={(e) => setPrices(prices.map((p, i) => (i === index ? { ...p, currency: e.target.value.toUpperCase() } : p)))} />
              </Field>
              <Field label={t('field.amount')}>
                <input className={inputClass} inputMode="decimal" value={price.amount}
                  onChange={(e) => setPrices(prices.map((p, i) => (i === index ? { ...p, amount: e.target.value } : p)))} />
              </Field>
              <Button variant="ghost" aria-label={t('dialog.removePrice', { currency: price.currency || index + 1 })}
                onClick={() => setPrices(prices.filter((_, i) => i !== index))}>
                <X size={15} aria-hidden />
              </Button>
            </div>
          ))}
          {errors.prices && <p className={styles.error} role="alert">{errors.prices}</p>}
          <Button size="sm" onClick={() => setPrices([...prices, { currency: '', amount: '' }])}>
            <Plus size={14} aria-hidden /> {t('dialog.addPrice')}
          </Button>
        </fieldset>
        <div className={styles.pair}>
          <Field label={t('field.taxRate')} error={errors.taxRate}>
            <input className={inputClass} inputMode="decimal" value={taxRate} onChange={(e) => setTaxRate(e.target.value)} />
          </Field>
          <label className={styles.check}>
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('field.active')}
          </label>
        </div>
        {other.map((message) => <p key={message} className={styles.error} role="alert">{message}</p>)}
      </form>
    </Dialog>
  );
}
