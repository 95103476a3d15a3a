import type { BoardColumn, Deal, Stage } from './api';
import { addAmount, type Amounts } from './money';

/**
 * The board as the person sees it: the service's board with the moves they just made laid over it.
 *
 * A move shows at once (optimistic) and is taken back if the service refuses it. The service's board totals follow a
 * change a moment later (they are sums kept from the deal events), so a move that succeeded stays laid over the board
 * until the service's figures have moved too: a card never jumps back and forth. All of it is pure, so it is tested
 * without a browser.
 */
export interface Column {
  stageId: string;
  name: string;
  kind: Stage['kind'];
  probability: number;
  count: number;
  amount: Amounts;
  cards: Deal[];
  nextCursor?: string;
}

export interface PendingMove {
  dealId: string;
  /** The stage the deal is in on the service's board. */
  from: string;
  to: string;
  /** The deal as it is to be shown: in its new stage; after success, the service's answer (with the new version). */
  card: Deal;
  /** The service's counts of both columns when the move began: when they change, the service has caught up. */
  baseline: { from: number; to: number };
  /** What the deal counted for in the column it left (fields may be filled on the way, changing its amount). */
  left: { amount?: number; currency?: string };
  state: 'pending' | 'done';
  doneAt?: number;
  /** The move this one replaced (the same deal moved again before the first settled), restored if this one fails. */
  previous?: PendingMove;
}

/** How long a move that succeeded stays laid over the board if the service's figures do not seem to change. */
export const SETTLE_TIMEOUT_MS = 10_000;

export function columnsOf(columns: readonly BoardColumn[] | undefined): Column[] {
  return (columns ?? []).map((column) => ({
    stageId: column.stageId ?? '',
    name: column.name ?? '',
    kind: column.kind,
    probability: column.probability ?? 0,
    count: column.count ?? 0,
    amount: column.amount ?? {},
    cards: column.cards ?? [],
    nextCursor: column.nextCursor ?? undefined,
  }));
}

/** The deal as it looks in another stage (before the service answers). */
export function inStage(deal: Deal, stage: Stage): Deal {
  const status = stage.kind === 'won' ? 'won' : stage.kind === 'lost' ? 'lost' : 'open';
  return {
    ...deal,
    stageId: stage.id,
    stage: { id: stage.id, name: stage.name, kind: stage.kind, probability: stage.probability },
    status,
    stalledAt: undefined,
    stageEnteredAt: new Date().toISOString(),
  };
}

/** Adds a move of `deal` to `to` (the service's columns give the baseline); a second move of one deal replaces the first. */
export function startMove(moves: readonly PendingMove[], server: readonly Column[], deal: Deal, to: Stage): PendingMove[] {
  const earlier = moves.find((move) => move.dealId === deal.id);
  const from = earlier ? earlier.from : deal.stageId ?? '';
  const left = earlier ? earlier.left : { amount: deal.amount, currency: deal.currency };
  const countOf = (stageId: string) => server.find((column) => column.stageId === stageId)?.count ?? 0;
  const move: PendingMove = {
    dealId: deal.id ?? '',
    from,
    to: to.id ?? '',
    card: inStage(deal, to),
    baseline: { from: countOf(from), to: countOf(to.id ?? '') },
    left,
    state: 'pending',
    previous: earlier,
  };
  return [...moves.filter((m) => m !== earlier), move];
}

/** The service accepted the move: show its answer (new version) until its board has caught up. */
export function completeMove(moves: readonly PendingMove[], dealId: string, answer: Deal, now = Date.now()): PendingMove[] {
  return moves.map((move) => (move.dealId === dealId ? { ...move, state: 'done', doneAt: now, card: answer, previous: undefined } : move));
}

/** The service refused the move: the board shows what it showed before (including an earlier move of the deal). */
export function cancelMove(moves: readonly PendingMove[], dealId: string): PendingMove[] {
  const move = moves.find((m) => m.dealId === dealId);
  if (!move) return [...moves];
  const rest = moves.filter((m) => m !== move);
  return move.previous ? [...rest, move.previous] : rest;
}

function countsUnchanged(move: PendingMove, server: readonly Column[]): boolean {
  const from = server.find((column) => column.stageId === move.from);
  const to = server.find((column) => column.stageId === move.to);
  return (from?.count ?? 0) === move.baseline.from && (to?.count ?? 0) === move.baseline.to;
}

/** Drops the moves the service's board already shows (its figures moved), or that waited too long for it. */
export function settle(moves: readonly PendingMove[], server: readonly Column[], now = Date.now()): PendingMove[] {
  return moves.filter((move) =>
    move.state === 'pending'
    || (now - (move.doneAt ?? now) < SETTLE_TIMEOUT_MS && move.from !== move.to && countsUnchanged(move, server)));
}

/** Counts and sums of the columns with the pending moves taken into account. */
export function withMovedTotals(server: readonly Column[], moves: readonly PendingMove[]): Column[] {
  const columns = server.map((column) => ({ ...column }));
  for (const move of moves) {
    if (move.from === move.to || !countsUnchanged(move, server)) continue;
    const from = columns.find((column) => column.stageId === move.from);
    const to = columns.find((column) => column.stageId === move.to);
    if (from) {
      from.count = Math.max(0, from.count - 1);
      from.amount = addAmount(from.amount, move.left.amount, move.left.currency, -1);
    }
    if (to) {
      to.count += 1;
      to.amount = addAmount(to.amount, move.card.amount, move.card.currency, 1);
    }
  }
  return columns;
}

/**
 * The cards a column shows: the service's cards of the stage without the deals moved elsewhere, with the deals moved
 * here in their place (oldest first, as the service orders them: ids are time-ordered). A deal moved here that sorts
 * after the loaded cards is shown at their end, so the person sees where it went.
 */
export function cardsOf(stageId: string, serverCards: readonly Deal[], moves: readonly PendingMove[]): Deal[] {
  const movedIds = new Set(moves.map((move) => move.dealId));
  const cards = serverCards.filter((card) => !movedIds.has(card.id ?? ''));
  for (const move of moves) {
    if (move.to !== stageId) continue;
    const at = cards.findIndex((card) => (card.id ?? '') > move.dealId);
    cards.splice(at === -1 ? cards.length : at, 0, move.card);
  }
  return cards;
}

/** Cards of several pages, each deal once (a page fetched after a move may repeat one). */
export function distinctCards(pages: readonly (readonly Deal[])[]): Deal[] {
  const seen = new Set<string>();
  const cards: Deal[] = [];
  for (const page of pages) {
    for (const card of page) {
      if (card.id && !seen.has(card.id)) {
        seen.add(card.id);
        cards.push(card);
      }
    }
  }
  return cards;
}

/** A deal just created: shown in its stage and counted at once, until the service's board has it too. */
export function addCreated(moves: readonly PendingMove[], server: readonly Column[], deal: Deal, stage: Stage,
  now = Date.now()): PendingMove[] {
  return completeMove(startMove(moves, server, { ...deal, stageId: '', amount: undefined }, stage), deal.id ?? '', deal, now);
}
