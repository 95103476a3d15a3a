import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { ChevronDown, Download } from 'lucide-react';
import { useState } from 'react';
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
 * comma, .xlsx): a menu button like the account menu (Radix: keyboard, focus and dismissal handled), busy while the file
 * is made, the problem beside it when that fails.
 */
export function ExportMenu({ onExport, kinds = EXPORT_KINDS }: {
  onExport(kind: ExportKind): Promise<void> | void;
  kinds?: readonly ExportKind[];
}) {
  const { t } = useTranslation();
  const { busy, error, run } = useExport(onExport);
  return (
    <div className={styles.root}>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <Button busy={busy} data-export-menu="">
            <Download size={15} aria-hidden /> {t('common:export.menu')} <ChevronDown size={14} aria-hidden />
          </Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className={styles.menu} align="end" sideOffset={4} collisionPadding={8}>
            {kinds.map((kind) => (
              <DropdownMenu.Item key={kind} className={styles.item} data-export={kind} onSelect={() => void run(kind)}>
                {t(`common:export.kind.${kind}`)}
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {error !== undefined && <ProblemView error={error} compact />}
    </div>
  );
}
