import { Pencil, Plus, Upload } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useHasRole } from '@/auth/AuthContext';
import { useFormat } from '@/i18n/format';
import { Badge, Button, EmptyState, ExportButton, Field, inputClass, PageHeader, ProblemView, Select, Spinner, toast } from '@/ui';
import { downloadProductsCsv, productKeys, updateProduct, useProductList, type Product } from './api';
import { ImportDialog } from './ImportDialog';
import { ProductDialog } from './ProductDialog';
import styles from './products.module.css';

/** `/products`: the catalogue. Everyone searches it; admins and managers add, change, deactivate, import. */
export function ProductsPage() {
  const { t } = useTranslation('products');
  const format = useFormat();
  const queryClient = useQueryClient();
  const canEdit = useHasRole('admin', 'manager');
  const [q, setQ] = useState('');
  const [active, setActive] = useState('true');
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const list = useProductList(q.trim(), active);
  const products = list.data?.pages.flatMap((page) => page.items) ?? [];

  const toggle = async (product: Product) => {
    try {
      await updateProduct(product, { active: !product.active });
      await queryClient.invalidateQueries({ queryKey: productKeys.all });
      toast({ title: product.active ? t('deactivated', { name: product.name }) : t('activated', { name: product.name }), tone: 'success' });
    } catch (error) {
      toast({ title: error instanceof Error ? error.message : String(error), tone: 'error' });
      await queryClient.invalidateQueries({ queryKey: productKeys.all });
    }
  };

  return (
    <>
      <PageHeader title={t('title')} actions={
        <>
          <ExportButton onExport={downloadProductsCsv} />
          {canEdit && <Button onClick={() => setImporting(true)}><Upload size={15} aria-hidden /> {t('import.open')}</Button>}
          {canEdit && <Button variant="primary" onClick={() => setEditing('new')}><Plus size={15} aria-hidden /> {t('create')}</Button>}
        </>
      } />
      <div className={styles.filters} role="search">
        <Field label={t('search')}>
          <input className={inputClass} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('searchHint')} />
        </Field>
        <Field label={t('filter.label')}>
          <Select value={active} onChange={(e) => setActive(e.target.value)}>
            <option value="true">{t('filter.active')}</option>
            <option value="false">{t('filter.inactive')}</option>
            <option value="">{t('filter.all')}</option>
          </Select>
        </Field>
      </div>
      {list.isError ? <ProblemView error={list.error} onRetry={() => void list.refetch()} />
        : list.isPending ? <Spinner label={t('common:app.loading')} />
          : products.length === 0 ? <EmptyState title={t('empty.title')}>{t('empty.body')}</EmptyState> : (
            <div className={styles.tableWrap}>
              <table className={styles.table} aria-label={t('title')}>
                <thead>
                  <tr>
                    <th scope="col">{t('field.sku')}</th>
                    <th scope="col">{t('field.name')}</th>
                    <th scope="col" className={styles.hideNarrow}>{t('field.unit')}</th>
                    <th scope="col">{t('field.prices')}</th>
                    <th scope="col" className={styles.hideNarrow}>{t('field.taxRate')}</th>
                    <th scope="col"><span className="visually-hidden">{t('actions')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  {products.map((product) => (
                    <tr key={product.id}>
                      <td className={styles.sku}>{product.sku}</td>
                      <td>
                        {product.name}
                        {!product.active && <> <Badge tone="neutral">{t('inactive')}</Badge></>}
                      </td>
                      <td className={styles.hideNarrow}>{product.unit ?? ''}</td>
                      <td>{product.prices.map((p) => format.money(p.amount, p.currency)).join(' · ') || '—'}</td>
                      <td className={styles.hideNarrow}>{product.taxRate == null ? '—' : `${format.number(product.taxRate)} %`}</td>
                      <td className={styles.rowActions}>
                        {canEdit && (
                          <>
                            <Button size="sm" variant="ghost" aria-label={t('edit', { name: product.name })} onClick={() => setEditing(product)}>
                              <Pencil size={14} aria-hidden />
                            </Button>
                            <Button size="sm" onClick={() => void toggle(product)}>
                              {product.active ? t('deactivate') : t('activate')}
                            </Button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {list.hasNextPage && (
                <Button onClick={() => void list.fetchNextPage()} busy={list.isFetchingNextPage}>{t('common:action.loadMore')}</Button>
              )}
            </div>
          )}
      {editing && <ProductDialog product={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </>
  );
}
