import type { RouteObject } from 'react-router';

export const dealsRoutes: RouteObject[] = [];
