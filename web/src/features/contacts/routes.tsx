import type { RouteObject } from 'react-router';

export const contactsRoutes: RouteObject[] = [
  { path: 'contacts', lazy: () => import('./ContactsPage').then((m) => ({ Component: m.ContactsPage })) },
];
