import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, LiveStream, type EventSourceLike, type RecordHint } from './stream';

/** An EventSource the test drives: open it, fail it, send it events. */
class FakeSource implements EventSourceLike {
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.onopen?.(new Event('open'));
  }

  fail(): void {
    this.onerror?.(new Event('error'));
  }

  emit(type: string, data: string, lastEventId = ''): void {
    this.listeners.get(type)?.forEach((listener) => listener(new MessageEvent(type, { data, lastEventId })));
  }
}

describe('backoffDelay', () => {
  it('doubles from the first delay up to the cap, with jitter between half and all of it', () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, 1000, 30_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(10, 1000, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(2, 1000, 30_000, () => 0)).toBe(2000);
    expect(backoffDelay(2, 1000, 30_000, () => 0.5)).toBe(3000);
    expect(backoffDelay(5000, 1000, 30_000, () => 1)).toBe(30_000);
  });
});

describe('LiveStream', () => {
  let sources: FakeSource[];
  let token: string | undefined;
  let notifications: { id: string; title: string }[];
  let hints: RecordHint[];
  let opens: boolean[];

  const stream = () =>
    new LiveStream<{ id: string; title: string }>({
      token: () => token,
      onNotification: (n) => notifications.push(n),
      onChange: (hint) => hints.push(hint),
      onOpen: (resumed) => opens.push(resumed),
      createEventSource: (url) => {
        const source = new FakeSource(url);
        sources.push(source);
        return source;
      },
      random: () => 1,
    });
  const last = () => sources[sources.length - 1] as FakeSource;

  beforeEach(() => {
    vi.useFakeTimers();
    sources = [];
    token = 'token-1';
    notifications = [];
    hints = [];
    opens = [];
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes the token in the query and hands over notifications and hints', () => {
    const live = stream();
    live.start();
    expect(last().url).toBe('/api/notifications/stream?access_token=token-1');
    last().open();
    last().emit('notification', JSON.stringify({ id: 'n-1', title: 'Task assigned' }), 'n-1');
    last().emit('change', JSON.stringify({ type: 'deal', id: 'd-1', version: 3 }));
    last().emit('change', 'not json');
    last().emit('change', JSON.stringify({ id: 'no type' }));

    expect(notifications).toEqual([{ id: 'n-1', title: 'Task assigned' }]);
    expect(hints).toEqual([{ type: 'deal', id: 'd-1', version: 3 }]);
    expect(opens).toEqual([false]);
  });

  it('reconnects after an error with the current token, resuming after the last notification, backing off', () => {
    const live = stream();
    live.start();
    last().open();
    last().emit('notification', JSON.stringify({ id: 'n-7', title: 'x' }), 'n-7');

    token = 'token-2'; // the session renewed its token meanwhile
    last().fail();
    expect(sources[0]?.closed).toBe(true);
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(999);
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(last().url).toBe('/api/notifications/stream?access_token=token-2&lastEventId=n-7');

    // refused again and again: 2 s, then 4 s
    last().fail();
    vi.advanceTimersByTime(1999);
    expect(sources).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(3);
    last().fail();
    vi.advanceTimersByTime(4000);
    expect(sources).toHaveLength(4);

    // open again: the caller is told it resumed (changes may have been missed), and the backoff starts over
    last().open();
    expect(opens).toEqual([false, true]);
    last().fail();
    vi.advanceTimersByTime(1000);
    expect(sources).toHaveLength(5);
  });

  it('waits without a token, and stops for good when stopped', () => {
    token = undefined;
    const live = stream();
    live.start();
    expect(sources).toHaveLength(0);
    token = 'token-3';
    vi.advanceTimersByTime(1000);
    expect(sources).toHaveLength(1);

    live.stop();
    expect(last().closed).toBe(true);
    last().fail();
    vi.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(1);
  });

  it('ignores what a replaced connection still reports', () => {
    const live = stream();
    live.start();
    const old = last();
    old.fail();
    vi.advanceTimersByTime(1000);
    old.open();
    old.fail();
    expect(opens).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(2);
  });

  it('reconnects at once when asked while waiting, not while open', () => {
    const live = stream();
    live.start();
    last().fail();
    live.reconnectNow();
    expect(sources).toHaveLength(2);
    last().open();
    live.reconnectNow();
    expect(sources).toHaveLength(2);
  });
});
