/**
 * Where the API is. Served by the API itself (npm start, the container), the console calls its
 * own origin. Deployed as a static site (Azure Static Web Apps), it is built with
 * `VITE_GPS_API_URL=https://api.example` and calls that origin, which must list the console's
 * origin in GPS_API_CORS_ORIGINS.
 */
const base = (import.meta.env.VITE_GPS_API_URL ?? '').replace(/\/+$/, '');

/** An absolute URL of the API for a path such as `/graphql`. */
export function apiUrl(path: string): string {
  return `${base || window.location.origin}${path}`;
}
