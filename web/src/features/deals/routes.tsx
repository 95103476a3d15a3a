import type { RouteObject } from 'react-router';

/** The board (drag and drop: its own chunk), the list and the deal page, each loaded when first opened. */
export const dealsRoutes: RouteObject[] = [
  { path: 'deals', lazy: () => import('./BoardPage').then((m) => ({ Component: m.BoardPage })) },
  { path: 'deals/list', lazy: () => import('./DealListPage').then((m) => ({ Component: m.DealListPage })) },
  { path: 'deals/:id', lazy: () => import('./DealPage').then((m) => ({ Component: m.DealPage })) },
];
