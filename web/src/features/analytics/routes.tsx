import type { RouteObject } from 'react-router';

/** The managers' dashboard; its charts load in a chunk of their own with the first chart shown. */
export const analyticsRoutes: RouteObject[] = [
  { path: 'analytics', lazy: () => import('./AnalyticsPage').then((m) => ({ Component: m.AnalyticsPage })) },
];
