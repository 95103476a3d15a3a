import * as RadixToast from '@radix-ui/react-toast';
import { useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import styles from './toast.module.css';

export interface ToastMessage {
  id: number;
  title: ReactNode;
  description?: ReactNode;
  tone?: 'info' | 'success' | 'error';
  action?: { label: string; onClick(): void };
}

let nextId = 1;
let toasts: ToastMessage[] = [];
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

/** Shows a short message in the corner; errors stay until dismissed, the rest fade after a few seconds. */
export function toast(message: Omit<ToastMessage, 'id'>): number {
  const id = nextId++;
  toasts = [...toasts.slice(-4), { ...message, id }];
  emit();
  return id;
}

export function dismissToast(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

function useToasts(): ToastMessage[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => toasts,
  );
}

export function Toaster() {
  const { t } = useTranslation();
  const items = useToasts();
  return (
    <RadixToast.Provider swipeDirection="right" label={t('toast.region')}>
      {items.map((item) => (
        <RadixToast.Root
          key={item.id}
          className={[styles.toast, styles[item.tone ?? 'info']].join(' ')}
          duration={item.tone === 'error' ? 1_000_000 : 6_000}
          onOpenChange={(open) => !open && dismissToast(item.id)}
        >
          <RadixToast.Title className={styles.title}>{item.title}</RadixToast.Title>
          {item.description && <RadixToast.Description className={styles.description}>{item.description}</RadixToast.Description>}
          {item.action && (
            <RadixToast.Action className={styles.action} altText={item.action.label} onClick={item.action.onClick}>
              {item.action.label}
            </RadixToast.Action>
          )}
          <RadixToast.Close className={styles.close} aria-label={t('action.close')}>×</RadixToast.Close>
        </RadixToast.Root>
      ))}
      <RadixToast.Viewport className={styles.viewport} />
    </RadixToast.Provider>
  );
}
