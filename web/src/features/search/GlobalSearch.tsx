import { Search } from 'lucide-react';
import { useTranslation } from 'react-i18next';

/** The search box of the top bar (the search feature adds the Ctrl/Cmd+K palette across records). */
export function GlobalSearch({ onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="row" onClick={() => onOpenChange(true)} aria-label={t('search.open')}>
      <Search size={16} aria-hidden /> {t('search.open')}
    </button>
  );
}
