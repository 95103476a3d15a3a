import type { RouteObject } from 'react-router';

export const notificationsRoutes: RouteObject[] = [
  { path: 'notifications', lazy: () => import('./InboxPage').then((m) => ({ Component: m.InboxPage })) },
];
