import type { Stage } from './api';

/** A stall limit in whole days from the service's ISO-8601 duration (`P14D`, `PT48H`); undefined when none or odd. */
export function stallDays(duration: string | undefined | null): number | undefined {
  if (!duration) return undefined;
  const days = /^P(\d+)D$/.exec(duration);
  if (days) return Number(days[1]);
  const weeks = /^P(\d+)W$/.exec(duration);
  if (weeks) return Number(weeks[1]) * 7;
  const hours = /^PT(\d+)H$/.exec(duration);
  if (hours && Number(hours[1]) % 24 === 0) return Number(hours[1]) / 24;
  return undefined;
}

/** The request's `stallAfter` for a number of days typed: "" removes the limit (deals-service PATCH semantics). */
export function stallAfter(days: string): string {
  const trimmed = days.trim();
  return trimmed === '' ? '' : `P${trimmed}D`;
}

/** Stages a removed stage's deals may go to: the others of the same kind (the service's rule). */
export function moveTargets(stages: readonly Stage[], removed: Stage): Stage[] {
  return stages.filter((stage) => stage.id !== removed.id && stage.kind === removed.kind);
}

/** The stage ids after moving one from `from` to `to` (both indexes in the current order). */
export function moved(ids: readonly string[], from: number, to: number): string[] {
  const next = [...ids];
  const [id] = next.splice(from, 1);
  if (id !== undefined) next.splice(to, 0, id);
  return next;
}
