'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { ActivityProvider } from '@/components/activity/activity';
import { ApiRequestError } from '@/lib/api/client';

/** Client-side state shared by every page: the query cache and the activity tray's actions. */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 2_000,
            refetchOnWindowFocus: true,
            // A 4xx will not get better by asking again; a flaky network might.
            retry: (count, error) => count < 2 && !(error instanceof ApiRequestError && error.status < 500),
          },
        },
      }),
  );
  // Effects run children first: when this one runs, the page's controls answer clicks and keys.
  // Browser tests wait for the mark instead of guessing (a click before hydration is lost).
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <ActivityProvider>{children}</ActivityProvider>
    </QueryClientProvider>
  );
}
