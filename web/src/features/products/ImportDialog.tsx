import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { isProblem, ProblemError, splitFieldErrors } from '@/api/problem';
import { Button, Dialog, Field, Select, inputClass } from '@/ui';
import { importProducts, productKeys, type ImportReport } from './api';
import styles from './products.module.css';

/** Upload a CSV or xlsx of products: encoding and delimiter detected unless chosen; then the per-row report. */
export function ImportDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation('products');
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState('');
  const [delimiter, setDelimiter] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [report, setReport] = useState<ImportReport | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setErrors({ file: t('import.chooseFile') });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      setReport(await importProducts(file, encoding, delimiter));
      await queryClient.invalidateQueries({ queryKey: productKeys.all });
    } catch (error) {
      const problem = isProblem(error) ? error : ProblemError.network(error);
      const split = splitFieldErrors(problem, ['file', 'encoding', 'delimiter']);
      setErrors({ ...split.byField, ...(split.other.length || !Object.keys(split.byField).length
        ? { file: [...split.other, ...(split.other.length ? [] : [problem.detail ?? problem.title])].join(' ') } : {}) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} width={640} title={t('import.title')}
      description={t('import.description')}
      footer={report ? <Button variant="primary" onClick={onClose}>{t('common:action.close')}</Button> : (
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button variant="primary" type="submit" form="product-import" busy={busy}>{t('import.run')}</Button>
        </>
      )}>
      {!report ? (
        <form id="product-import" className={styles.form} onSubmit={(e) => void submit(e)} noValidate>
          <Field label={t('import.file')} error={errors.file} required>
            <input className={inputClass} type="file" accept=".csv,.txt,.xlsx,text/csv"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </Field>
          <div className={styles.pair}>
            <Field label={t('import.encoding')} error={errors.encoding}>
              <Select value={encoding} onChange={(e) => setEncoding(e.target.value)}>
                <option value="">{t('import.detect')}</option>
                <option value="UTF-8">UTF-8</option>
                <option value="windows-1251">Windows-1251</option>
                <option value="windows-1252">Windows-1252</option>
              </Select>
            </Field>
            <Field label={t('import.delimiter')} error={errors.delimiter}>
              <Select value={delimiter} onChange={(e) => setDelimiter(e.target.value)}>
                <option value="">{t('import.detect')}</option>
                <option value=",">,</option>
                <option value=";">;</option>
                <option value="tab">Tab</option>
              </Select>
            </Field>
          </div>
        </form>
      ) : (
        <div className={styles.report}>
          <p role="status">{t('import.summary', { rows: report.rows, created: report.created, updated: report.updated,
            unchanged: report.unchanged, failed: report.failed })}</p>
          <table className={styles.table}>
            <thead>
              <tr><th scope="col">{t('import.row')}</th><th scope="col">{t('field.sku')}</th><th scope="col">{t('import.outcome')}</th></tr>
            </thead>
            <tbody>
              {report.results.map((row) => (
                <tr key={row.row} data-outcome={row.outcome}>
                  <td>{row.row}</td>
                  <td>{row.sku ?? '—'}</td>
                  <td>
                    {t(`import.outcomes.${row.outcome}`)}
                    {row.errors.map((e) => <div key={e.field + e.message} className={styles.error}>{e.field}: {e.message}</div>)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Dialog>
  );
}
