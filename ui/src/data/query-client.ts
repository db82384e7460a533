import { QueryClient } from '@tanstack/react-query';

/** RTE publishes a quarter-hour at a time; polling faster than a minute would only load the API. */
export const REFRESH_MS = 60_000;

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
