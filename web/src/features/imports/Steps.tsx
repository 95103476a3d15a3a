import { useTranslation } from 'react-i18next';
import styles from './imports.module.css';

const STEPS = ['file', 'map', 'check', 'import'] as const;

/** Where the person is in the wizard: file, mapping, dry run, import. */
export function Steps({ current }: { current: number }) {
  const { t } = useTranslation('imports');
  return (
    <ol className={styles.steps} aria-label={t('steps.label')}>
      {STEPS.map((step, index) => (
        <li key={step} aria-current={index === current ? 'step' : undefined} className={index < current ? styles.done : undefined}>
          {t(`steps.${step}`)}
        </li>
      ))}
    </ol>
  );
}
