import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useUserName } from '@/api/users';
import { useSession } from '@/auth/AuthContext';
import { useFormat } from '@/i18n/format';
import { toast } from '@/ui';
import { notificationKeys, subjectPath, type Notification } from './api';
import { describeNotification } from './describe';
import { HintBuffer, invalidate } from './live/hints';
import { LiveStream } from './live/stream';

/** How long the deals board's statistics may trail a deal change (deals-service/README.md): refetched again then. */
const SETTLE_MS = { deal: 1500 };

/**
 * The app's one live connection (rendered once, by the Shell): new notifications refresh the bell and the inbox and
 * show a toast; record-change hints refresh, a few hundred milliseconds later and once per burst, every query of the
 * changed record types (query keys start with the type) and the pages of related records; after a reconnection
 * everything on screen is refetched, since changes may have been missed meanwhile.
 */
export function LiveUpdates() {
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { t } = useTranslation('notifications');
  const format = useFormat();
  const userName = useUserName();

  // the latest of these, without restarting the stream when the language or the directory changes
  const ref = useLatest({ t, format, userName, navigate });

  useEffect(() => {
    const buffer = new HintBuffer({ flush: (plan) => invalidate(queryClient, plan), settleMs: SETTLE_MS });
    const stream = new LiveStream<Notification>({
      token: () => session.accessToken,
      onNotification: (notification) => {
        void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
        const { t: translate, format: formats, userName: name, navigate: go } = ref.current;
        const text = describeNotification(notification, translate, formats, name);
        const path = subjectPath(notification);
        toast({
          title: text.title,
          description: text.body || undefined,
          action: path ? { label: translate('toast.open'), onClick: () => go(path) } : undefined,
        });
      },
      onChange: (hint) => buffer.add(hint),
      onOpen: (resumed) => {
        if (resumed) void queryClient.invalidateQueries();
      },
      // for styling and for tests that must know the stream is open before they change something
      onStatus: (status) => {
        document.documentElement.dataset.live = status;
      },
    });
    stream.start();
    const online = () => stream.reconnectNow();
    const visible = () => {
      if (document.visibilityState === 'visible') stream.reconnectNow();
    };
    window.addEventListener('online', online);
    document.addEventListener('visibilitychange', visible);
    return () => {
      window.removeEventListener('online', online);
      document.removeEventListener('visibilitychange', visible);
      stream.stop();
      buffer.dispose();
    };
  }, [session, queryClient, ref]);

  return null;
}

/** A ref that always holds the latest value, so long-lived callbacks read current state without restarting. */
function useLatest<T>(value: T): { current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
