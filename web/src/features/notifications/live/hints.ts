import type { QueryClient } from '@tanstack/react-query';
import type { RecordHint } from './stream';

/**
 * What to refetch for a burst of hints: every query of a changed record type (query keys start with the record type,
 * web/README.md), and the queries of related records that name them (a task's deal page, a contact's timeline).
 */
export interface Invalidation {
  types: string[];
  related: { type: string; id: string }[];
}

export function planInvalidation(hints: readonly RecordHint[]): Invalidation {
  const types = [...new Set(hints.map((hint) => hint.type))];
  const related = new Map<string, { type: string; id: string }>();
  for (const hint of hints) {
    for (const ref of hint.related ?? []) {
      if (!types.includes(ref.type)) related.set(`${ref.type}|${ref.id}`, ref);
    }
  }
  return { types, related: [...related.values()] };
}

/** Marks the queries stale; those on screen refetch once each, however many hints asked for them. */
export function invalidate(queryClient: QueryClient, plan: Invalidation): void {
  for (const type of plan.types) {
    void queryClient.invalidateQueries({ queryKey: [type] });
  }
  for (const ref of plan.related) {
    void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] === ref.type && query.queryKey.includes(ref.id) });
  }
}

export interface HintBufferOptions {
  flush(plan: Invalidation): void;
  /** Hints arriving within this time of the first one are answered together. */
  windowMs?: number;
  /**
   * Types whose views the services compute a moment after the change (the deals board's statistics follow the deal
   * events): refetched once more this long after a flush, so the view shows the change even if the first refetch
   * came too early.
   */
  settleMs?: Readonly<Record<string, number>>;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** Collects hints for a short window, then flushes them as one invalidation. */
export class HintBuffer {
  private pending: RecordHint[] = [];
  private timer: unknown;
  private readonly settling = new Map<string, unknown>();
  private readonly windowMs: number;
  private readonly settleMs: Readonly<Record<string, number>>;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly options: HintBufferOptions) {
    this.windowMs = options.windowMs ?? 300;
    this.settleMs = options.settleMs ?? {};
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  add(hint: RecordHint): void {
    this.pending.push(hint);
    if (this.timer === undefined) {
      this.timer = this.setTimer(() => this.flush(), this.windowMs);
    }
  }

  /** Sends what is pending now (e.g. before the page goes away). */
  flush(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const plan = planInvalidation(this.pending);
    this.pending = [];
    this.options.flush(plan);
    for (const type of plan.types) {
      const delay = this.settleMs[type];
      if (delay === undefined || this.settling.has(type)) continue;
      this.settling.set(type, this.setTimer(() => {
        this.settling.delete(type);
        this.options.flush({ types: [type], related: [] });
      }, delay));
    }
  }

  dispose(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.settling.forEach((timer) => this.clearTimer(timer));
    this.settling.clear();
    this.timer = undefined;
    this.pending = [];
  }
}
