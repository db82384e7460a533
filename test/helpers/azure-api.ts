import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { loadConfig, type Config } from '../../activities/config';
import { createReaderDb, createWriterDb } from '../../lib/db';
import { prepareGoldDatabase } from '../../db/prepare';
import { startApiServer, type ApiServer } from '../../graphql/server';
import type { LocalTenant } from './local-tenant';

/**
 * The API in Azure AD mode against a LocalTenant's JWKS, on an empty migrated SQLite gold file read
 * through the read-only connection, as `npm run api` runs it (no Temporal client).
 */
export interface AzureApi {
  url: string;
  config: Config;
  stop(): Promise<void>;
}

export async function startAzureApi(
  tenant: LocalTenant,
  extraEnv: Record<string, string> = {},
): Promise<AzureApi> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gps-api-auth-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    GPS_DATA_DIR: dataDir,
    GPS_AUTH_MODE: 'azure',
    AZURE_TENANT_ID: tenant.tenantId,
    AZURE_API_AUDIENCE: tenant.api.appIdUri,
    AZURE_API_CLIENT_ID: tenant.api.clientId,
    GPS_AUTH_JWKS_URL: tenant.jwksUrl,
    ...extraEnv,
  });
  const writer = createWriterDb(config.db);
  await prepareGoldDatabase(writer, config.db);
  await writer.destroy();
  const reader: Knex = createReaderDb(config.db);
  let api: ApiServer;
  try {
    api = await startApiServer(config, reader, { port: 0 });
  } catch (err) {
    await reader.destroy();
    throw err;
  }
  return {
    url: api.url,
    config,
    stop: async () => {
      await api.close();
      await reader.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & {
    code?: string;
    message?: string;
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  text: string;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: Answer['body'] = {};
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    // not JSON (the Swagger page, a CSV): the text is there
  }
  return { status: res.status, headers: res.headers, body, text };
}

const bearer = (token?: string): Record<string, string> =>
  token === undefined ? {} : { authorization: `Bearer ${token}` };

export async function graphqlAs(
  url: string,
  token: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Answer> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify({ query, variables }),
  });
  return answer(res);
}

export async function requestAs(
  url: string,
  method: string,
  pathAndQuery: string,
  token?: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${url}${pathAndQuery}`, {
    method,
    headers: { ...bearer(token), ...headers },
    redirect: 'manual',
  });
  return answer(res);
}
