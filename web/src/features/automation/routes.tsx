import type { RouteObject } from 'react-router';

/** Automation rules (managers and admins): the list, the form editor with its dry run and run log, runs per record. */
export const automationRoutes: RouteObject[] = [
  { path: 'automation', lazy: () => import('./RulesPage').then((m) => ({ Component: m.RulesPage })) },
  { path: 'automation/new', lazy: () => import('./RuleEditorPage').then((m) => ({ Component: m.RuleEditorPage })) },
  { path: 'automation/rules/:id', lazy: () => import('./RuleEditorPage').then((m) => ({ Component: m.RuleEditorPage })) },
  { path: 'automation/runs', lazy: () => import('./RunsPage').then((m) => ({ Component: m.RunsPage })) },
];
