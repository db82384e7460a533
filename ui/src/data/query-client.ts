import { QueryClient } from '@tanstack/react-query';
import { REFRESH_MS } from './refresh';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchInterval: REFRESH_MS,
      // A background tab keeps its data; it refreshes when the user comes back.
      refetchIntervalInBackground: false,
      staleTime: 30_000,
      retry: 1,
    },
  },
});
