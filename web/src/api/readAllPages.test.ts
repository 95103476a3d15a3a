import { describe, expect, it } from 'vitest';
import { readAllPages } from './client';

describe('readAllPages', () => {
  it('follows the cursor until a page names none, keeping the order', async () => {
    const pages: Record<string, { items: number[]; nextCursor?: string | null }> = {
      first: { items: [1, 2], nextCursor: 'b' },
      b: { items: [3], nextCursor: 'c' },
      c: { items: [], nextCursor: null },
    };
    const asked: (string | undefined)[] = [];
    const all = await readAllPages((cursor) => {
      asked.push(cursor);
      return Promise.resolve(pages[cursor ?? 'first']!);
    });
    expect(all).toEqual([1, 2, 3]);
    expect(asked).toEqual([undefined, 'b', 'c']);
  });
});
