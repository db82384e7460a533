import type { Knex } from 'knex';
import type { Config } from './config';
import type { LakeStore } from '../lib/lake';
import type { Logger } from '../lib/log';
import type { OdreClient } from '../lib/http/odre-client';
import type { SecretProvider } from '../lib/secrets';

/** What activities are built from: real stores in tests as in production, never mocks of our code. */
export interface ActivityDeps {
  config: Config;
  lake: LakeStore;
  db: Knex;
  odre: OdreClient;
  /** Secrets read when an activity needs them (the ENTSO-E token): never logged, never in payloads. */
  secrets: SecretProvider;
  log: Logger;
}
