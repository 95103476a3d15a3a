import { ChevronDown, Download } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_KINDS, type ExportKind } from '@/api/download';
import { Button } from './Button';
import styles from './ExportMenu.module.css';
import { ProblemView } from './ProblemView';

/** Runs an export: busy while the file is made, the failure kept to show beside the control. */
function useExport<A extends unknown[]>(onExport: (...args: A) => Promise<void> | void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      await onExport(...args);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/** "Export" for a whole list: busy while the file is made, the problem beside it when that fails. */
export function ExportButton({ onExport, label }: { onExport(): Promise<void> | void; label?: string }) {
  const { t } = useTranslation();
  const { busy, error, run } = useExport(onExport);
  return (
    <>
      <Button busy={busy} onClick={() => void run()}>
        <Download size={15} aria-hidden /> {label ?? t('common:action.export')}
      </Button>
      {error !== undefined && <ProblemView error={error} compact />}
    </>
  );
}

/**
 * "Export" offering the file kinds (CSV with commas, CSV with semicolons for Excel where the decimal separator is a
 * comma, .xlsx): a menu button (WAI-ARIA menu pattern: arrow keys move, Escape closes and gives focus back).
 */
export function ExportMenu({ onExport, kinds = EXPORT_KINDS }: {
  onExport(kind: ExportKind): Promise<void> | void;
  kinds?: readonly ExportKind[];
}) {
  const { t } = useTranslation();
  const { busy, error, run } = useExport(onExport);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    if (!open) return;
    items.current[0]?.focus();
    const outside = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const move = (to: number) => items.current[(to + kinds.length) % kinds.length]?.focus();
    if (event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(kinds.length - 1);
    else if (event.key === 'Escape') close();
    else return;
    event.preventDefault();
  };

  return (
    <div className={styles.root} ref={root}>
      <Button ref={trigger} busy={busy} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Download size={15} aria-hidden /> {t('common:export.menu')} <ChevronDown size={14} aria-hidden />
      </Button>
      {open && (
        <div role="menu" aria-label={t('common:export.menu')} className={styles.menu}>
          {kinds.map((kind, index) => (
            <button key={kind} type="button" role="menuitem" className={styles.item} data-export={kind}
              ref={(element) => { items.current[index] = element; }}
              onKeyDown={(event) => onKeyDown(event, index)}
              onClick={() => {
                close();
                void run(kind);
              }}>
              {t(`common:export.kind.${kind}`)}
            </button>
          ))}
        </div>
      )}
      {error !== undefined && <ProblemView error={error} compact />}
    </div>
  );
}
