import type { Knex } from 'knex';
import type { Config } from './config';
import type { LakeStore } from '../lib/lake';
import type { Logger } from '../lib/log';
import type { OdreClient } from '../lib/http/odre-client';

/** What activities are built from: real stores in tests as in production, never mocks of our code. */
export interface ActivityDeps {
  config: Config;
  lake: LakeStore;
  db: Knex;
  odre: OdreClient;
  log: Logger;
}
