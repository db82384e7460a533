/**
 * RTE publishes a quarter-hour at a time; polling faster than a minute would only load the API.
 * In a module of its own so the e2e tests can wait for one interval without React Query's types.
 */
export const REFRESH_MS = 60_000;
