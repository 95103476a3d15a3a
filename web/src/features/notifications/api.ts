import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '@/api/client';
import type { components } from '@/api/generated/notification-service';

export type Notification = components['schemas']['NotificationResponse'];
export type InboxView = 'unread' | 'all' | 'archived';

/** Query keys start with the record type ('notification'): a new notification on the stream refreshes them all. */
export const notificationKeys = {
  all: ['notification'] as const,
  list: (view: InboxView) => ['notification', 'list', view] as const,
  unread: ['notification', 'unread-count'] as const,
};

export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    // the document types this answer as a free-form map: {userId, unread}
    queryFn: async ({ signal }) => {
      const body = await call(api().notification.GET('/api/notifications/unread-count', { signal })) as { unread?: unknown };
      return { unread: typeof body.unread === 'number' ? body.unread : 0 };
    },
    // the live stream says when it changes; this is the fallback while it is down
    refetchInterval: 60_000,
  });
}

export function useInbox(view: InboxView) {
  return useInfiniteQuery({
    queryKey: notificationKeys.list(view),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(api().notification.GET('/api/notifications', {
        params: {
          query: {
            state: view === 'unread' ? 'unread' : 'all',
            archived: view === 'archived',
            limit: 30,
            cursor: pageParam,
          } as never,
        },
        signal,
      })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

type Action = 'read' | 'unread' | 'archive';

/** Read, unread, archive: idempotent on the service, so a retried click does no harm. */
export function useNotificationAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: Action }) => {
      const params = { params: { path: { id } } };
      if (action === 'read') return call(api().notification.POST('/api/notifications/{id}/read', params));
      if (action === 'unread') return call(api().notification.POST('/api/notifications/{id}/unread', params));
      return call(api().notification.POST('/api/notifications/{id}/archive', params));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useReadAll() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api().notification.POST('/api/notifications/read-all')),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

/** Where the record a notification is about is shown (tasks, deals, contacts, companies), if anywhere. */
export function subjectPath(notification: Pick<Notification, 'subjectType' | 'subjectId'>): string | undefined {
  const id = notification.subjectId;
  if (!id) return undefined;
  switch (notification.subjectType) {
    case 'task': return `/tasks/${encodeURIComponent(id)}`;
    case 'deal': return `/deals/${encodeURIComponent(id)}`;
    case 'contact': return `/contacts/${encodeURIComponent(id)}`;
    case 'company': return `/companies/${encodeURIComponent(id)}`;
    default: return undefined;
  }
}
