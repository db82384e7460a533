import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { PlatformConfig } from '../lib/config';
import type { Viewer } from './auth';
import type { ResponseCache } from './rest/response-cache';

/** What every resolver and REST handler may use: the read-only database and, when set, Temporal. */
export interface ApiDeps {
  config: PlatformConfig;
  /** Gold, read with the read-only principal. */
  db: Knex;
  /** Temporal client for run history and schedules; absent when the API runs without Temporal. */
  temporal?: Client;
  /** Finished REST answers (GPS_API_CACHE_MB; absent when 0). */
  responseCache?: ResponseCache;
}

export interface ApiContext extends ApiDeps {
  viewer: Viewer;
  requestId: string;
}
