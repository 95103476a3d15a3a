import { useMemo, useRef } from 'react';
import { idempotencyKey } from './client';
import { isProblem } from './problem';

/** The Idempotency-Key of one form's submissions. */
export interface SubmissionKey {
  /** The header to send with the next attempt. */
  readonly headers: Record<string, string>;
  /** Tells the key how an attempt ended: a refusal the person will correct ends it (see {@link useSubmissionKey}). */
  settled(error?: unknown): void;
  /** A new request (the form was emptied for the next one, or opened again). */
  renew(): void;
}

/**
 * Whether an attempt's outcome is the service's last word on that request. A refusal (4xx other than 409, which a
 * request still running answers) is stored against the key; the corrected request is a different one, which the
 * service refuses under the old key (422). No answer at all, or a server error, is not: the retry must send the same
 * key, so that work the first attempt may have done happens once.
 */
export function settlesKey(error: unknown): boolean {
  return error === undefined || (isProblem(error) && error.status >= 400 && error.status < 500 && error.status !== 409);
}

/**
 * The key for a form that creates something: the same for retries of a request that got no answer, a new one once the
 * service has answered, so a corrected submission after a 400 is not refused for reusing the key.
 */
export function useSubmissionKey(): SubmissionKey {
  const key = useRef(idempotencyKey());
  return useMemo(() => ({
    get headers() {
      return key.current;
    },
    settled(error?: unknown) {
      if (settlesKey(error)) key.current = idempotencyKey();
    },
    renew() {
      key.current = idempotencyKey();
    },
  }), []);
}
