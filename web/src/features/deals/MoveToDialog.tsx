import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, Dialog } from '@/ui';
import type { Deal, Stage } from './api';
import styles from './deals.module.css';

/** Where a deal can go from its card: any other stage, won or lost; the deal page. */
export function MoveToDialog({ deal, stages, onChoose, onClose }: {
  deal: Deal;
  stages: readonly Stage[];
  onChoose(stage: Stage): void;
  onClose(): void;
}) {
  const { t } = useTranslation('deals');
  const groups: [string, Stage[]][] = [
    ['move.toStage', stages.filter((s) => s.kind === 'open')],
    ['move.toOutcome', stages.filter((s) => s.kind !== 'open')],
  ];
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={t('move.where', { title: deal.title })}
      footer={<Link to={`/deals/${deal.id}`} className={styles.dialogLink}>{t('card.open')}</Link>}>
      {groups.map(([label, choices]) => (
        <div key={label} role="group" aria-label={t(label)} className={styles.choiceGroup}>
          <div className={styles.choiceLabel}>{t(label)}</div>
          {choices.map((stage) => {
            const current = deal.stageId === stage.id;
            return (
              <Button key={stage.id} className={styles.choice} data-kind={stage.kind} disabled={current && deal.status === 'open'}
                aria-current={current || undefined} onClick={() => onChoose(stage)}>
                {stage.name}
                {stage.kind !== 'open' && stage.name?.toLowerCase() !== t(`status.${stage.kind}`).toLowerCase() && (
                  <span className="muted"> · {t(`status.${stage.kind}`)}</span>
                )}
                {current && <span className="muted"> · {t('move.current')}</span>}
              </Button>
            );
          })}
        </div>
      ))}
    </Dialog>
  );
}
