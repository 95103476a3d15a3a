import type { RouteObject } from 'react-router';

export const tasksRoutes: RouteObject[] = [
  { path: 'tasks', lazy: () => import('./TasksPage').then((m) => ({ Component: m.TasksPage })) },
  { path: 'tasks/team', lazy: () => import('./TeamPage').then((m) => ({ Component: m.TeamPage })) },
  { path: 'tasks/:id', lazy: () => import('./TaskPage').then((m) => ({ Component: m.TaskPage })) },
];
