import { useDraggable } from '@dnd-kit/core';
import type { TFunction } from 'i18next';
import { CalendarDays, Clock, GripVertical, MoreHorizontal } from 'lucide-react';
import { memo, useMemo, type CSSProperties, type MouseEvent } from 'react';
import { useNavigate } from 'react-router';
import type { Formatters } from '@/i18n/format';
import type { Deal } from './api';
import styles from './deals.module.css';
import { formatWholeMoney } from './money';

/**
 * What every card of a board shares, handed down once instead of looked up by each of hundreds of cards (a board
 * shows many; each hook per card costs when the board first renders).
 */
export interface CardContext {
  t: TFunction<'deals'>;
  format: Formatters;
  userName(id: string | undefined): string;
  /** Opens the card's actions (move to a stage, win, lose): the way to move a deal without dragging it. */
  onActions(deal: Deal): void;
  /** Today as yyyy-MM-dd, for the overdue close date. */
  today: string;
}

export interface CardProps {
  deal: Deal;
  context: CardContext;
  pending?: boolean;
}

/**
 * Follows the cards' links inside the app (they are plain anchors, so that a board of hundreds of cards does not
 * render hundreds of router links); Ctrl/Cmd/middle clicks still open a new tab.
 */
export function useCardLinks(): (event: MouseEvent) => void {
  const navigate = useNavigate();
  return (event) => {
    const link = (event.target as Element).closest?.('a[data-card-link]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(link.getAttribute('href') ?? '/deals');
  };
}

/**
 * A deal on the board: what a rep scans for (title, money, who and when, stalled), the deal page one click away.
 * Memoised with stable props: while a card is dragged, dnd-kit re-renders every draggable, not their bodies.
 */
export const DealCardBody = memo(function DealCardBody({ deal, context, pending }: CardProps) {
  const { t, format, userName, onActions, today } = context;
  const who = [deal.companyName, deal.contacts?.[0]?.name].filter(Boolean).join(' · ');
  const overdue = deal.status === 'open' && !!deal.expectedCloseDate && deal.expectedCloseDate < today;
  return (
    <>
      <div className={styles.cardTop}>
        <a href={`/deals/${deal.id}`} data-card-link className={styles.cardTitle}>{deal.title}</a>
        <button type="button" className={styles.iconButton} onClick={() => onActions(deal)}
          aria-label={t('card.actions', { title: deal.title })}>
          <MoreHorizontal size={16} aria-hidden />
        </button>
      </div>
      {who && <div className={styles.cardWho}>{who}</div>}
      <div className={styles.cardMeta}>
        <span className={styles.cardAmount}>
          {deal.amount !== undefined && deal.amount !== null && deal.currency
            ? formatWholeMoney(format.locale, deal.amount, deal.currency) : '—'}
        </span>
        {deal.expectedCloseDate && (
          <span className={overdue ? styles.overdue : undefined} title={t('field.expectedCloseDate')}>
            <CalendarDays size={13} aria-hidden /> {format.date(deal.expectedCloseDate)}
            {overdue && <span className="visually-hidden"> ({t('card.overdue')})</span>}
          </span>
        )}
      </div>
      <div className={styles.cardFoot}>
        <span className={styles.owner}>{userName(deal.ownerId)}</span>
        {deal.stalledAt && (
          <span className={styles.stalled} title={t('card.stalledSince', { date: format.date(deal.stalledAt) })}>
            <Clock size={12} aria-hidden /> {t('card.stalled')}
          </span>
        )}
        {pending && <span className={styles.saving}>{t('card.saving')}</span>}
      </div>
    </>
  );
});

/** A card that can be dragged to another stage, by pointer or by keyboard (its grip: Space, arrows, Space). */
export const DraggableCard = memo(function DraggableCard(props: CardProps) {
  const { deal, context } = props;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: deal.id ?? '',
    data: { deal },
  });
  const style: CSSProperties | undefined = isDragging ? { opacity: 0.35 } : undefined;
  // every draggable renders again at each step of a drag: keep that step cheap
  const label = useMemo(() => context.t('card.drag', { title: deal.title }), [context, deal.title]);
  return (
    <li ref={setNodeRef} className={`${styles.card} ${styles.draggable}`} style={style} {...listeners} data-deal-id={deal.id}>
      <button type="button" ref={setActivatorNodeRef} className={styles.grip} {...attributes}
        aria-label={label}>
        <GripVertical size={15} aria-hidden />
      </button>
      <DealCardBody {...props} />
    </li>
  );
});

/** The same card without dragging: the stage list on a phone, where a deal moves through its actions. */
export const StaticCard = memo(function StaticCard(props: CardProps) {
  return (
    <li className={styles.card} data-deal-id={props.deal.id}>
      <DealCardBody {...props} />
    </li>
  );
});
