/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The API's origin when the console is hosted elsewhere (a static site); unset: same origin. */
  readonly VITE_GPS_API_URL?: string;
}
