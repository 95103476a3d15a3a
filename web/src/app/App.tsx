import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { SessionProvider } from '@/auth/AuthContext';
import type { Session } from '@/auth/session';
import { Toaster } from '@/ui';
import { createRouter } from './router';

export function App({ session, queryClient }: { session: Session; queryClient: QueryClient }) {
  return (
    <SessionProvider session={session}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={createRouter()} />
        <Toaster />
      </QueryClientProvider>
    </SessionProvider>
  );
}
