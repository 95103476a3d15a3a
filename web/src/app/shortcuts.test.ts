import { describe, expect, it } from 'vitest';
import { createSequenceMatcher, type Shortcut } from './shortcuts';

const noop = () => undefined;
const shortcuts: Shortcut[] = [
  { keys: 'g c', run: noop },
  { keys: 'g d', run: noop },
  { keys: '?', run: noop },
];

describe('shortcut sequences', () => {
  it('matches two keys pressed within a second', () => {
    let time = 0;
    const match = createSequenceMatcher(shortcuts, () => time);

    expect(match('g')).toBeUndefined();
    time = 400;
    expect(match('d')?.keys).toBe('g d');
  });

  it('forgets the first key after a second', () => {
    let time = 0;
    const match = createSequenceMatcher(shortcuts, () => time);

    match('g');
    time = 1500;
    expect(match('c')).toBeUndefined();
  });

  it('matches single keys and does not chain after a match', () => {
    let time = 0;
    const match = createSequenceMatcher(shortcuts, () => time);

    expect(match('?')?.keys).toBe('?');
    time = 100;
    expect(match('c')).toBeUndefined();
  });
});
