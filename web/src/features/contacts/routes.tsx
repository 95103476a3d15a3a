import type { RouteObject } from 'react-router';

/** Contacts and companies (one service, one set of routes; companies live in their own folder). */
export const contactsRoutes: RouteObject[] = [
  { path: 'contacts', lazy: () => import('./ContactsPage').then((m) => ({ Component: m.ContactsPage })) },
  { path: 'contacts/:id', lazy: () => import('./ContactPage').then((m) => ({ Component: m.ContactPage })) },
  { path: 'companies', lazy: () => import('@/features/companies/CompaniesPage').then((m) => ({ Component: m.CompaniesPage })) },
  { path: 'companies/:id', lazy: () => import('@/features/companies/CompanyPage').then((m) => ({ Component: m.CompanyPage })) },
];
