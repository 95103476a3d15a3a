import { Download } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { ProblemView } from './ProblemView';

/** "Export" for a whole list: busy while the file is made, the problem beside it when that fails. */
export function ExportButton({ onExport, label }: { onExport(): Promise<void> | void; label?: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <>
      <Button
        busy={busy}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          try {
            await onExport();
          } catch (failure) {
            setError(failure);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Download size={15} aria-hidden /> {label ?? t('common:action.export')}
      </Button>
      {error !== undefined && <ProblemView error={error} compact />}
    </>
  );
}
