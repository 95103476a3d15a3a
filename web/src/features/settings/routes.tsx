import type { RouteObject } from 'react-router';

/** Settings: each person's notification preferences, and the admins' configuration sections, each its own chunk. */
export const settingsRoutes: RouteObject[] = [
  {
    path: 'settings',
    lazy: () => import('./SettingsLayout').then((m) => ({ Component: m.SettingsLayout })),
    children: [
      { index: true, lazy: () => import('./SettingsLayout').then((m) => ({ Component: m.SettingsHome })) },
      { path: 'notifications', lazy: () => import('./NotificationPreferencesPage').then((m) => ({ Component: m.NotificationPreferencesPage })) },
      { path: 'phone', lazy: () => import('./PhoneRegionPage').then((m) => ({ Component: m.PhoneRegionPage })) },
      {
        // the organisation's sections: "not allowed" for anyone but admins, before a page loads or calls the API
        lazy: () => import('./SettingsLayout').then((m) => ({ Component: m.AdminSection })),
        children: [
          { path: 'pipelines', lazy: () => import('./PipelinesPage').then((m) => ({ Component: m.PipelinesPage })) },
          { path: 'fields', lazy: () => import('./CustomFieldsPage').then((m) => ({ Component: m.CustomFieldsPage })) },
          { path: 'lead-forms', lazy: () => import('./LeadFormsPage').then((m) => ({ Component: m.LeadFormsPage })) },
          { path: 'webhooks', lazy: () => import('./WebhooksPage').then((m) => ({ Component: m.WebhooksPage })) },
          { path: 'users', lazy: () => import('./UsersPage').then((m) => ({ Component: m.UsersPage })) },
          { path: 'document-templates', lazy: () => import('@/features/documents/TemplatesPage').then((m) => ({ Component: m.TemplatesPage })) },
        ],
      },
    ],
  },
];
