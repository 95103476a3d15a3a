import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { chooseDelimiter, readDelimiter, useCsvDelimiter } from './delimiter';

describe('the reports CSV delimiter', () => {
  it('is a comma until a semicolon is chosen, which every report then uses and the browser remembers', () => {
    localStorage.clear();
    const { result } = renderHook(() => useCsvDelimiter());
    expect(result.current).toBe(',');
    act(() => chooseDelimiter(';'));
    expect(result.current).toBe(';');
    expect(readDelimiter()).toBe(';');
    act(() => chooseDelimiter(','));
    expect(result.current).toBe(',');
  });
});
