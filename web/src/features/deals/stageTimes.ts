import type { Deal, StageChange } from './api';

export interface StageTime {
  stageId: string;
  name: string;
  seconds: number;
  /** The stage the deal is in now (its time is still running). */
  current: boolean;
}

/**
 * How long the deal spent in each stage, in the order it first entered them: the service's stage history gives the
 * time of every stay that ended (`secondsInPreviousStage`), the time in the current stage runs until `now` (until the
 * deal closed, for a won or lost one: a closed deal's time is not spent in a stage).
 */
export function timeInStages(changes: readonly StageChange[], deal: Pick<Deal, 'stageId' | 'stage' | 'status' | 'stageEnteredAt'>,
  now: Date = new Date()): StageTime[] {
  const times = new Map<string, StageTime>();
  const entered = (id: string | undefined, name: string | undefined) => {
    if (!id) return undefined;
    let time = times.get(id);
    if (!time) {
      time = { stageId: id, name: name ?? '', seconds: 0, current: false };
      times.set(id, time);
    }
    return time;
  };
  for (const change of changes) {
    const left = entered(change.fromStageId, change.fromStageName);
    if (left) left.seconds += change.secondsInPreviousStage ?? 0;
    entered(change.toStageId, change.toStageName);
  }
  if (deal.status === 'open' && deal.stageId) {
    const current = entered(deal.stageId, deal.stage?.name);
    if (current) {
      current.current = true;
      const since = deal.stageEnteredAt ? Date.parse(deal.stageEnteredAt) : Number.NaN;
      if (Number.isFinite(since)) current.seconds += Math.max(0, Math.round((now.getTime() - since) / 1000));
    }
  }
  return [...times.values()];
}

/** A span of time the way people say it: "3 d 4 h", "5 h 20 min", "12 min" (in the person's locale). */
export function formatDuration(seconds: number, locale: string): string {
  const unit = (value: number, name: 'day' | 'hour' | 'minute') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'narrow' }).format(value);
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (days >= 10) return unit(days, 'day');
  if (days >= 1) return hours % 24 > 0 ? `${unit(days, 'day')} ${unit(hours % 24, 'hour')}` : unit(days, 'day');
  if (hours >= 1) return minutes % 60 > 0 ? `${unit(hours, 'hour')} ${unit(minutes % 60, 'minute')}` : unit(hours, 'hour');
  return unit(Math.max(minutes, seconds > 0 ? 1 : 0), 'minute');
}
