import { createBrowserRouter, type RouteObject } from 'react-router';
import { analyticsRoutes } from '@/features/analytics/routes';
import { automationRoutes } from '@/features/automation/routes';
import { contactsRoutes } from '@/features/contacts/routes';
import { dealsRoutes } from '@/features/deals/routes';
import { homeRoutes } from '@/features/home/routes';
import { importsRoutes } from '@/features/imports/routes';
import { notificationsRoutes } from '@/features/notifications/routes';
import { productsRoutes } from '@/features/products/routes';
import { settingsRoutes } from '@/features/settings/routes';
import { tasksRoutes } from '@/features/tasks/routes';
import { NotFound, RouteError } from './RouteError';
import { Shell } from './Shell';

/** Every page of the app; each feature declares its own routes and loads its pages on demand. */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <Shell />,
    errorElement: <RouteError />,
    // pages load on demand: nothing to show in the split second before the first one is there
    hydrateFallbackElement: <></>,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          ...homeRoutes,
          ...contactsRoutes,
          ...dealsRoutes,
          ...productsRoutes,
          ...tasksRoutes,
          ...notificationsRoutes,
          ...analyticsRoutes,
          ...automationRoutes,
          ...importsRoutes,
          ...settingsRoutes,
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
