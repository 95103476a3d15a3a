import type { RouteObject } from 'react-router';

/** The import wizard: pick a file (and the history), then one import from mapping to report. */
export const importsRoutes: RouteObject[] = [
  { path: 'imports', lazy: () => import('./ImportsPage').then((m) => ({ Component: m.ImportsPage })) },
  { path: 'imports/:id', lazy: () => import('./ImportJobPage').then((m) => ({ Component: m.ImportJobPage })) },
];
