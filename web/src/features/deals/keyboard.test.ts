import { describe, expect, it } from 'vitest';
import { shiftInto } from './keyboard';

const rect = (left: number, top: number, width: number, height: number) =>
  ({ left, top, width, height, right: left + width, bottom: top + height });

describe('keyboard dragging', () => {
  it('moves the card into the next column, keeping its height when it fits', () => {
    const card = rect(10, 300, 250, 100);
    expect(shiftInto({ x: 0, y: 0 }, card, rect(300, 100, 270, 800))).toEqual({ x: 300, y: 0 });
  });

  it('moves the card down into a drop zone below the columns', () => {
    const card = rect(10, 300, 250, 100);
    // zone 60px high at y 1000: the card's centre goes to the zone's centre
    expect(shiftInto({ x: 5, y: 5 }, card, rect(0, 1000, 600, 60))).toEqual({ x: 5 + 300 - 135, y: 5 + 1030 - 350 });
  });
});
