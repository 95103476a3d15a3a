import { useEffect } from 'react';

/** A key sequence such as `g c` (go to contacts) or `?`, ignored while the person types in a field. */
export interface Shortcut {
  keys: string;
  run(): void;
}

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/**
 * Matches key presses against sequences of up to two keys (the second within a second of the first).
 * Pure, so the matching is tested without a browser.
 */
export function createSequenceMatcher(shortcuts: readonly Shortcut[], now: () => number = Date.now) {
  let previous: { key: string; at: number } | undefined;
  return (key: string): Shortcut | undefined => {
    const at = now();
    const pending = previous && at - previous.at < 1000 ? previous.key : undefined;
    const match = shortcuts.find((s) => s.keys === (pending ? `${pending} ${key}` : key))
      ?? shortcuts.find((s) => s.keys === key);
    previous = match ? undefined : { key, at };
    return match;
  };
}

export function useShortcuts(shortcuts: readonly Shortcut[]): void {
  useEffect(() => {
    const match = createSequenceMatcher(shortcuts);
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const shortcut = match(event.key);
      if (shortcut) {
        event.preventDefault();
        shortcut.run();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcuts]);
}

/**
 * Ctrl/Cmd+K toggles the search palette, in inputs too (the usual convention). Listened for by the shell, which is
 * always there, so the key works before the palette's own code has loaded.
 */
export function useSearchShortcut(toggle: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        toggle();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle]);
}
