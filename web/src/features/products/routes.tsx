import type { RouteObject } from 'react-router';

/** The product catalogue, loaded when first opened. */
export const productsRoutes: RouteObject[] = [
  { path: 'products', lazy: () => import('./ProductsPage').then((m) => ({ Component: m.ProductsPage })) },
];
