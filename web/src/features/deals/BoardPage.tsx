import {
  DndContext, DragOverlay, KeyboardSensor, MouseSensor, TouchSensor, useDroppable, useSensor, useSensors,
  type Announcements, type DragEndEvent, type DragStartEvent,
} from '@dnd-kit/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useUserName, useUsers } from '@/api/users';
import { useFormat, type Formatters } from '@/i18n/format';
import { Button, EmptyState, ProblemView, Spinner, useMediaQuery } from '@/ui';
import {
  useBoard, useColumnPages, usePipelines, dealKeys, type BoardFilters, type Deal, type Pipeline, type Stage,
} from './api';
import {
  addCreated, cancelMove, cardsOf, columnsOf, completeMove, distinctCards, settle, SETTLE_TIMEOUT_MS, startMove, withMovedTotals,
  type Column, type PendingMove,
} from './board';
import { CreateDealDialog } from './CreateDealDialog';
import { DealCardBody, DraggableCard, StaticCard, useCardLinks, type CardContext } from './DealCard';
import { DealFilters, DealsHeader } from './DealFilters';
import styles from './deals.module.css';
import { boardCollisions, jumpBetween } from './keyboard';
import { currencyLines, formatWholeMoney } from './money';
import { useMoveFlow } from './moveFlow';
import { MoveToDialog } from './MoveToDialog';

const PIPELINE_KEY = 'pulse.deals.pipeline';

/**
 * The pipeline a page opens with: the one in the address, else the one last looked at, else the first. Known before
 * the list of pipelines has loaded when it is in the address or remembered, so the board is asked for at once.
 */
export function usePipelineChoice(pipelines: readonly Pipeline[] | undefined, requested: string | null): string | undefined {
  let remembered: string | null = null;
  try {
    remembered = window.localStorage.getItem(PIPELINE_KEY);
  } catch {
    // no storage
  }
  const chosen = requested ?? (!pipelines ? remembered ?? undefined
    : pipelines.find((p) => p.id === remembered)?.id ?? pipelines[0]?.id);
  useEffect(() => {
    try {
      if (chosen && (!pipelines || pipelines.some((p) => p.id === chosen))) window.localStorage.setItem(PIPELINE_KEY, chosen);
    } catch {
      // not remembered
    }
  }, [chosen, pipelines]);
  return chosen;
}

/** Today in the person's time zone, as yyyy-MM-dd (close dates are calendar days). */
export function today(): string {
  return new Date().toLocaleDateString('sv-SE');
}

/**
 * The pipeline board: a column per open stage with its count and value, deals dragged between stages (pointer or
 * keyboard) or moved through a card's actions, won and lost targets below. On a narrow screen it becomes a stage
 * list. Managers and admins filter by owner and team.
 */
export function BoardPage() {
  const { t } = useTranslation('deals');
  const format = useFormat();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const pipelineId = usePipelineChoice(pipelines.data, params.get('pipeline'));
  const pipeline = pipelines.data?.find((p) => p.id === pipelineId);
  const owner = params.get('owner') || undefined;
  const team = params.get('team') || undefined;
  const filters = useMemo<BoardFilters | undefined>(
    () => pipelineId ? { pipelineId, ownerId: owner, teamId: team } : undefined, [pipelineId, owner, team]);
  const narrow = useMediaQuery('(max-width: 799px)');
  const [moves, setMoves] = useState<PendingMove[]>([]);
  const [lastDone, setLastDone] = useState(0);
  const [creating, setCreating] = useState(false);
  // while moves wait for the service's figures, and a moment after, look again every second
  const watching = moves.length > 0 || lastDone > 0;
  const board = useBoard(filters, watching ? 1_000 : false);
  const server = useMemo(() => columnsOf(board.data?.stages), [board.data]);
  const serverRef = useRef(server);
  serverRef.current = server;

  // moves the service's board now shows are dropped; one that waited too long is dropped when its time is up
  useEffect(() => {
    const kept = settle(moves, server);
    if (kept.length !== moves.length) {
      setMoves(kept);
      void queryClient.resetQueries({ queryKey: dealKeys.columns });
      return undefined;
    }
    const waits = moves.flatMap((move) => (move.doneAt ? [move.doneAt + SETTLE_TIMEOUT_MS - Date.now()] : []));
    if (waits.length === 0) return undefined;
    const timer = setTimeout(() => setMoves((current) => settle(current, serverRef.current)), Math.max(0, Math.min(...waits)) + 50);
    return () => clearTimeout(timer);
  }, [moves, server, queryClient]);
  // and a moment after the last move, the board is read once more (the service's card lists may lag its totals)
  useEffect(() => {
    if (lastDone === 0) return undefined;
    const timer = setTimeout(() => setLastDone(0), 4_000);
    return () => clearTimeout(timer);
  }, [lastDone]);
  // a new pipeline or other filters: moves made elsewhere no longer apply
  useEffect(() => setMoves([]), [filters]);

  const flow = useMoveFlow(pipeline, {
    begin: (deal, stage) => setMoves((current) => startMove(current, serverRef.current, deal, stage)),
    succeeded: (deal, answer) => {
      setMoves((current) => completeMove(current, deal.id ?? '', answer));
      setLastDone(Date.now());
    },
    failed: (deal) => setMoves((current) => cancelMove(current, deal.id ?? '')),
  });
  const [actionsFor, setActionsFor] = useState<Deal | null>(null);
  const onActions = useCallback((deal: Deal) => setActionsFor(deal), []);
  const { t: cardT } = useTranslation('deals');
  const users = useUserName();
  const userNames = useRef(users);
  userNames.current = users;
  const usersLoaded = useUsers().data;
  const day = today();
  const cards = useMemo<CardContext>(() => ({
    t: cardT, format, onActions, today: day, userName: (id) => userNames.current(id),
    // a new language or the directory's names arriving re-render the cards
  }), [cardT, format.locale, onActions, day, usersLoaded]);
  const followLink = useCardLinks();

  const columns = useMemo(() => withMovedTotals(server, moves), [server, moves]);
  // the pipeline's stages (with what each requires) once they are loaded; until then the board's own
  const stages = useMemo<Stage[]>(() => pipeline?.stages
    ?? server.map((c) => ({ id: c.stageId, name: c.name, kind: c.kind, probability: c.probability })), [pipeline, server]);
  const open = columns.filter((column) => column.kind === 'open');
  const outcomes = columns.filter((column) => column.kind !== 'open');
  const totals = open.reduce((sum, column) => sum + column.count, 0);

  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <DealsHeader current="board" subtitle={board.data ? t('board.summary', { count: totals }) : undefined} canCreate={!!pipelines.data?.length}
        onCreate={() => setCreating(true)} />
      <DealFilters
        pipelines={pipelines.data ?? []}
        pipelineId={pipelineId}
        ownerId={filters?.ownerId}
        teamId={filters?.teamId}
        onChange={setFilter}
        busy={board.isFetching && !watching}
      />
      {pipelines.isError && !board.data ? (
        <ProblemView error={pipelines.error} onRetry={() => void pipelines.refetch()} />
      ) : !pipelineId && pipelines.isPending ? (
        <Spinner label={t('common:app.loading')} />
      ) : !pipelineId ? (
        <EmptyState title={t('board.noPipelines')}>{t('board.noPipelinesHint')}</EmptyState>
      ) : board.isError && !board.data ? (
        <ProblemView error={board.error} onRetry={() => void board.refetch()} />
      ) : !board.data ? (
        <Spinner label={t('common:app.loading')} />
      ) : narrow ? (
        <div onClick={followLink}>
          <StageList columns={columns} filters={filters!} moves={moves} cards={cards} />
        </div>
      ) : (
        <div onClick={followLink}>
          <BoardColumns columns={open} outcomes={outcomes} stages={stages} filters={filters!} moves={moves} cards={cards}
            onDrop={flow.request} />
        </div>
      )}
      {board.isError && board.data && <ProblemView compact error={board.error} onRetry={() => void board.refetch()} />}
      {flow.dialog}
      {actionsFor && (
        <MoveToDialog deal={actionsFor} stages={stages} onClose={() => setActionsFor(null)}
          onChoose={(stage) => {
            setActionsFor(null);
            flow.request(actionsFor, stage);
          }} />
      )}
      {creating && (
        <CreateDealDialog pipelines={pipelines.data ?? []} pipelineId={pipelineId} onClose={() => setCreating(false)}
          onCreated={(deal, stage) => {
            const shown = deal.pipelineId === filters?.pipelineId && (!filters?.ownerId || filters.ownerId === deal.ownerId)
              && (!filters?.teamId || filters.teamId === deal.teamId);
            if (shown) setMoves((current) => addCreated(current, serverRef.current, deal, stage));
            setLastDone(Date.now());
          }} />
      )}
    </>
  );
}

function useAnnouncements(stages: readonly Stage[]): Announcements {
  const { t } = useTranslation('deals');
  return useMemo(() => {
    const title = (data: unknown) => ((data as { deal?: Deal } | undefined)?.deal?.title) ?? '';
    const stage = (id: unknown) => stages.find((s) => s.id === id)?.name ?? '';
    return {
      onDragStart: ({ active }) => t('dnd.picked', { title: title(active.data.current) }),
      onDragOver: ({ active, over }) => over ? t('dnd.over', { title: title(active.data.current), stage: stage(over.id) })
        : t('dnd.nowhere', { title: title(active.data.current) }),
      onDragEnd: ({ active, over }) => over ? t('dnd.dropped', { title: title(active.data.current), stage: stage(over.id) })
        : t('dnd.cancelled', { title: title(active.data.current) }),
      onDragCancel: ({ active }) => t('dnd.cancelled', { title: title(active.data.current) }),
    };
  }, [stages, t]);
}

function BoardColumns({ columns, outcomes, stages, filters, moves, cards, onDrop }: {
  columns: Column[];
  outcomes: Column[];
  stages: readonly Stage[];
  filters: BoardFilters;
  moves: readonly PendingMove[];
  cards: CardContext;
  onDrop(deal: Deal, stage: Stage): void;
}) {
  const { t } = useTranslation('deals');
  const order = useRef<string[]>([]);
  order.current = [...columns, ...outcomes].map((column) => column.stageId);
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: jumpBetween(() => order.current) }),
  );
  const [dragged, setDragged] = useState<Deal | null>(null);
  const announcements = useAnnouncements(stages);

  const onDragStart = (event: DragStartEvent) => setDragged((event.active.data.current as { deal: Deal }).deal);
  const onDragEnd = (event: DragEndEvent) => {
    setDragged(null);
    const deal = (event.active.data.current as { deal: Deal } | undefined)?.deal;
    const stage = stages.find((s) => s.id === event.over?.id);
    if (deal && stage && stage.id !== deal.stageId) onDrop(deal, stage);
  };

  return (
    <DndContext sensors={sensors} collisionDetection={boardCollisions} onDragStart={onDragStart} onDragEnd={onDragEnd}
      onDragCancel={() => setDragged(null)}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('dnd.instructions') } }}>
      <div className={styles.board} role="region" aria-label={t('board.label')}>
        {columns.map((column) => (
          <BoardColumnView key={column.stageId} column={column} filters={filters} moves={moves} cards={cards} />
        ))}
      </div>
      <div className={styles.outcomes}>
        {outcomes.map((column) => <OutcomeZone key={column.stageId} column={column} format={cards.format} />)}
      </div>
      <DragOverlay dropAnimation={null}>
        {dragged && (
          <div className={`${styles.card} ${styles.overlay}`}>
            <DealCardBody deal={dragged} context={cards} />
          </div>
        )}
      </DragOverlay>
    </DndContext>
  );
}

function ColumnHeader({ column, format, headingId }: { column: Column; format: Formatters; headingId: string }) {
  return (
    <header className={styles.columnHeader}>
      <h2 id={headingId} className={styles.columnName}>{column.name}</h2>
      <span className={styles.columnCount} data-testid="stage-count">{format.number(column.count)}</span>
      <ColumnTotals column={column} format={format} />
    </header>
  );
}

export function ColumnTotals({ column, format }: { column: Column; format: Formatters }) {
  const lines = currencyLines(column.amount);
  return (
    <span className={styles.columnSum} data-testid="stage-sum">
      {lines.length === 0 ? '—' : lines.map(([currency, amount]) => formatWholeMoney(format.locale, amount, currency)).join(' + ')}
    </span>
  );
}

/** The cards of one stage: the board's first page, then more pages as the column is scrolled to its end. */
function useColumnCards(column: Column, filters: BoardFilters, moves: readonly PendingMove[]) {
  const [wanted, setWanted] = useState(false);
  const more = useColumnPages(filters, column.stageId, column.nextCursor, wanted);
  const pages = more.data?.pages;
  const cards = useMemo(() => cardsOf(column.stageId, distinctCards([column.cards, ...(pages ?? []).map((page) => page.items ?? [])]), moves),
    [column.stageId, column.cards, pages, moves]);
  const hasMore = !!column.nextCursor && (!more.data || more.hasNextPage);
  const loadMore = () => {
    if (!wanted) setWanted(true);
    else if (more.hasNextPage && !more.isFetchingNextPage) void more.fetchNextPage();
  };
  return { cards, hasMore, loadMore, loading: more.isFetching, error: more.error, retry: () => void more.refetch() };
}

function ColumnFoot({ column, shown, hasMore, loadMore, loading, error, retry }: {
  column: Column;
  shown: number;
  hasMore: boolean;
  loadMore(): void;
  loading: boolean;
  error: unknown;
  retry(): void;
}) {
  const { t } = useTranslation('deals');
  return (
    <>
      {shown === 0 && <p className={styles.columnEmpty}>{t('board.emptyStage')}</p>}
      {error ? <ProblemView compact error={error} onRetry={retry} /> : hasMore && (
        <LoadMore onVisible={loadMore} loading={loading} label={t('board.more', { count: Math.max(0, column.count - shown) })} />
      )}
    </>
  );
}

function BoardColumnView({ column, filters, moves, cards }: {
  column: Column;
  filters: BoardFilters;
  moves: readonly PendingMove[];
  cards: CardContext;
}) {
  const { t } = useTranslation('deals');
  const { setNodeRef, isOver } = useDroppable({ id: column.stageId });
  const { cards: deals, ...foot } = useColumnCards(column, filters, moves);
  const pendingIds = new Set(moves.filter((m) => m.state === 'pending').map((m) => m.dealId));
  const headingId = `stage-${column.stageId}`;
  return (
    <section ref={setNodeRef} className={styles.column} data-over={isOver || undefined} aria-labelledby={headingId}
      data-stage-id={column.stageId}>
      <ColumnHeader column={column} format={cards.format} headingId={headingId} />
      <ul className={styles.cards} aria-label={t('board.cardsOf', { stage: column.name })}>
        {deals.map((deal) => (
          <DraggableCard key={deal.id} deal={deal} context={cards} pending={pendingIds.has(deal.id ?? '')} />
        ))}
      </ul>
      <ColumnFoot column={column} shown={deals.length} {...foot} />
    </section>
  );
}

/** Loads the next page when it scrolls into view, or when pressed (keyboard, or a browser without observers). */
function LoadMore({ onVisible, loading, label }: { onVisible(): void; loading: boolean; label: string }) {
  const ref = useRef<HTMLButtonElement>(null);
  const callback = useRef(onVisible);
  callback.current = onVisible;
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) callback.current();
    }, { rootMargin: '200px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <Button ref={ref} size="sm" variant="ghost" className={styles.loadMore} busy={loading} onClick={onVisible}>
      {label}
    </Button>
  );
}

function OutcomeZone({ column, format }: { column: Column; format: Formatters }) {
  const { t } = useTranslation('deals');
  const { setNodeRef, isOver } = useDroppable({ id: column.stageId });
  return (
    <div ref={setNodeRef} className={styles.outcome} data-kind={column.kind} data-over={isOver || undefined}
      data-stage-id={column.stageId}>
      <strong>{column.name}</strong>
      <span className="muted">{t('board.dropHere')}</span>
      <span className={styles.outcomeFigures}>
        <span data-testid="stage-count">{format.number(column.count)}</span> · <ColumnTotals column={column} format={format} />
      </span>
    </div>
  );
}

/** A phone's board: pick a stage, see its cards, move a deal through its actions. */
function StageList({ columns, filters, moves, cards }: {
  columns: Column[];
  filters: BoardFilters;
  moves: readonly PendingMove[];
  cards: CardContext;
}) {
  const { t } = useTranslation('deals');
  const [stageId, setStageId] = useState<string | undefined>(undefined);
  const column = columns.find((c) => c.stageId === stageId) ?? columns.find((c) => c.kind === 'open') ?? columns[0];
  if (!column) return <EmptyState title={t('board.emptyStage')} />;
  return (
    <div className="stack">
      <nav aria-label={t('board.stages')} className={styles.stageTabs}>
        {columns.map((c) => (
          <button key={c.stageId} type="button" className={styles.stageTab} aria-pressed={c.stageId === column.stageId}
            data-kind={c.kind} onClick={() => setStageId(c.stageId)}>
            <span>{c.name}</span> <span className={styles.columnCount}>{cards.format.number(c.count)}</span>
          </button>
        ))}
      </nav>
      <StageCards key={column.stageId} column={column} filters={filters} moves={moves} cards={cards} />
    </div>
  );
}

function StageCards({ column, filters, moves, cards }: {
  column: Column;
  filters: BoardFilters;
  moves: readonly PendingMove[];
  cards: CardContext;
}) {
  const { cards: deals, ...foot } = useColumnCards(column, filters, moves);
  return (
    <section className={styles.stageList} aria-labelledby={`list-${column.stageId}`} data-stage-id={column.stageId}>
      <ColumnHeader column={column} format={cards.format} headingId={`list-${column.stageId}`} />
      {deals.length > 0 && (
        <ul className={styles.cards}>
          {deals.map((deal) => <StaticCard key={deal.id} deal={deal} context={cards} />)}
        </ul>
      )}
      <ColumnFoot column={column} shown={deals.length} {...foot} />
    </section>
  );
}
