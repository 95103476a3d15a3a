import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { settlesKey, useSubmissionKey } from './idempotency';
import { ProblemError } from './problem';

describe('useSubmissionKey', () => {
  it('keeps the key for a retry after no answer or a server error, and takes a new one after a refusal', () => {
    const { result } = renderHook(() => useSubmissionKey());
    const first = result.current.headers['Idempotency-Key'];
    act(() => result.current.settled(new TypeError('Failed to fetch')));
    act(() => result.current.settled(new ProblemError(503, {})));
    act(() => result.current.settled(new ProblemError(409, {})));
    expect(result.current.headers['Idempotency-Key']).toBe(first);
    act(() => result.current.settled(new ProblemError(400, { title: 'Invalid request' })));
    const second = result.current.headers['Idempotency-Key'];
    expect(second).not.toBe(first);
    act(() => result.current.renew());
    expect(result.current.headers['Idempotency-Key']).not.toBe(second);
  });

  it('ends a key with a success or a refusal only', () => {
    expect(settlesKey(undefined)).toBe(true);
    expect(settlesKey(new ProblemError(422, {}))).toBe(true);
    expect(settlesKey(new ProblemError(500, {}))).toBe(false);
    expect(settlesKey(new ProblemError(0, {}))).toBe(false);
    expect(settlesKey(new Error('boom'))).toBe(false);
  });
});
