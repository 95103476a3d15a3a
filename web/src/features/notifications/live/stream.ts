/**
 * The live stream of notification-service (`GET /api/notifications/stream`, Server-Sent Events through the gateway):
 * new notifications (`event: notification`, with an id) and record-change hints (`event: change`, without one).
 *
 * EventSource cannot send headers, so the token goes in `?access_token=`; and it would reconnect by itself with the
 * URL it started with, whose token may have expired meanwhile. So every error closes the connection and this class
 * reconnects with the current token, after an exponential backoff with jitter, resuming after the last notification
 * it saw (`?lastEventId=`). Timers, randomness and EventSource are injected, so the logic is tested without a server.
 */

/** A record changed: refetch what shows records of `type` (see notification-service/README.md, "Live"). */
export interface RecordHint {
  type: string;
  id?: string;
  version?: number;
  related?: { type: string; id: string }[];
}

/** What the stream needs of EventSource (the browser's, or a test double). */
export interface EventSourceLike {
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export type StreamStatus = 'connecting' | 'open' | 'waiting' | 'stopped';

export interface LiveStreamOptions<N> {
  /** The current access token; none means signed out, and the stream waits. */
  token(): string | undefined;
  onNotification(notification: N): void;
  onChange(hint: RecordHint): void;
  /** Called on every successful (re)connection; `resumed` after an earlier one, when changes may have been missed. */
  onOpen?(resumed: boolean): void;
  onStatus?(status: StreamStatus): void;
  path?: string;
  createEventSource?: (url: string) => EventSourceLike;
  initialDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** The delay before reconnection attempt `attempt` (0, 1, ...): doubling up to `max`, between half and all of it. */
export function backoffDelay(attempt: number, initial: number, max: number, random: () => number = Math.random): number {
  const ceiling = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export class LiveStream<N extends { id?: string }> {
  private source: EventSourceLike | undefined;
  private timer: unknown;
  private attempts = 0;
  private everOpened = false;
  private stopped = true;
  private lastEventId: string | undefined;
  private readonly options: Required<Omit<LiveStreamOptions<N>, 'onOpen' | 'onStatus'>> & Pick<LiveStreamOptions<N>, 'onOpen' | 'onStatus'>;

  constructor(options: LiveStreamOptions<N>) {
    this.options = {
      path: '/api/notifications/stream',
      createEventSource: (url) => new EventSource(url),
      initialDelayMs: 1_000,
      maxDelayMs: 30_000,
      random: Math.random,
      setTimer: (run, ms) => setTimeout(run, ms),
      clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
      ...options,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer();
    this.closeSource();
    this.options.onStatus?.('stopped');
  }

  /** Reconnects at once (the browser is back online, the tab is visible again) unless the stream is open. */
  reconnectNow(): void {
    if (this.stopped || this.source) return;
    this.cancelTimer();
    this.attempts = 0;
    this.connect();
  }

  /** The URL of the next connection: the current token, and where to resume. */
  url(token: string): string {
    const params = new URLSearchParams({ access_token: token });
    if (this.lastEventId) params.set('lastEventId', this.lastEventId);
    return `${this.options.path}?${params.toString()}`;
  }

  private connect(): void {
    const token = this.options.token();
    if (!token) {
      this.retryLater();
      return;
    }
    this.options.onStatus?.('connecting');
    const source = this.options.createEventSource(this.url(token));
    this.source = source;
    source.onopen = () => {
      if (this.source !== source) return;
      this.attempts = 0;
      const resumed = this.everOpened;
      this.everOpened = true;
      this.options.onStatus?.('open');
      this.options.onOpen?.(resumed);
    };
    source.onerror = () => {
      if (this.source !== source) return;
      // the browser would retry with the same URL (and an expired token): close, and retry with a fresh one
      this.closeSource();
      this.retryLater();
    };
    source.addEventListener('notification', (event) => {
      const notification = parse<N>(event.data);
      if (!notification) return;
      if (event.lastEventId || notification.id) this.lastEventId = event.lastEventId || notification.id;
      this.options.onNotification(notification);
    });
    source.addEventListener('change', (event) => {
      const hint = parse<RecordHint>(event.data);
      if (hint && typeof hint.type === 'string') this.options.onChange(hint);
    });
  }

  private retryLater(): void {
    if (this.stopped) return;
    this.options.onStatus?.('waiting');
    const delay = backoffDelay(this.attempts++, this.options.initialDelayMs, this.options.maxDelayMs, this.options.random);
    this.timer = this.options.setTimer(() => {
      this.timer = undefined;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private closeSource(): void {
    this.source?.close();
    this.source = undefined;
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.options.clearTimer(this.timer);
    this.timer = undefined;
  }
}

function parse<T>(data: string): T | undefined {
  try {
    const value = JSON.parse(data) as unknown;
    return value && typeof value === 'object' ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}
