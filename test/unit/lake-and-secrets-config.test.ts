import { inspect } from 'node:util';
import { ConfigError } from '../../lib/config';
import { loadConfig } from '../../activities/config';
import { describeLakeConfig } from '../../lib/lake';
import { EnvSecretProvider, createSecretProvider } from '../../lib/secrets';

const ACCOUNT_KEY = 'c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=';
const CONNECTION_STRING = `DefaultEndpointsProtocol=https;AccountName=gpslake;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`;

test('the local lake stays the default', () => {
  const config = loadConfig({ GPS_DATA_DIR: '/tmp/gps-y' });
  expect(config.lake).toEqual({ backend: 'local', root: '/tmp/gps-y/lake' });
  expect(config.secrets).toEqual({ provider: 'env' });
});

test('azure-blob with a connection string: the string is in the config but never printed', () => {
  const config = loadConfig({
    GPS_LAKE_BACKEND: 'azure-blob',
    GPS_LAKE_CONNECTION_STRING: CONNECTION_STRING,
    GPS_LAKE_CONTAINER: 'lake',
  });
  expect(config.lake).toMatchObject({
    backend: 'azure-blob',
    container: 'lake',
    auth: { kind: 'connection-string' },
  });
  if (config.lake.backend !== 'azure-blob' || config.lake.auth.kind !== 'connection-string')
    throw new Error();
  expect(config.lake.auth.connectionString.reveal()).toBe(CONNECTION_STRING);
  for (const printed of [
    JSON.stringify(config),
    inspect(config, { depth: null }),
    `${config.lake.auth.connectionString}`,
    describeLakeConfig(config.lake),
  ]) {
    expect(printed).not.toContain(ACCOUNT_KEY);
  }
  expect(JSON.stringify(config.lake)).toContain('"connectionString":"[redacted]"');
});

test('azure-blob with an account URL uses the Azure identity', () => {
  const config = loadConfig({
    GPS_LAKE_BACKEND: 'azure-blob',
    GPS_LAKE_ACCOUNT_URL: 'https://gpslake.blob.core.windows.net/',
    GPS_LAKE_CONTAINER: 'lake',
  });
  expect(config.lake).toEqual({
    backend: 'azure-blob',
    container: 'lake',
    auth: { kind: 'default-credential', accountUrl: 'https://gpslake.blob.core.windows.net' },
  });
  expect(describeLakeConfig(config.lake)).toBe('azure-blob https://gpslake.blob.core.windows.net/lake');
});

test.each([
  [{ GPS_LAKE_BACKEND: 's3' }, /GPS_LAKE_BACKEND/],
  [
    { GPS_LAKE_BACKEND: 'azure-blob', GPS_LAKE_CONNECTION_STRING: CONNECTION_STRING },
    /GPS_LAKE_CONTAINER is required/,
  ],
  [
    { GPS_LAKE_BACKEND: 'azure-blob', GPS_LAKE_CONTAINER: 'lake' },
    /GPS_LAKE_CONNECTION_STRING or GPS_LAKE_ACCOUNT_URL/,
  ],
  [
    {
      GPS_LAKE_BACKEND: 'azure-blob',
      GPS_LAKE_CONTAINER: 'lake',
      GPS_LAKE_CONNECTION_STRING: CONNECTION_STRING,
      GPS_LAKE_ACCOUNT_URL: 'https://gpslake.blob.core.windows.net',
    },
    /not both/,
  ],
  [
    { GPS_LAKE_BACKEND: 'azure-blob', GPS_LAKE_CONTAINER: 'lake', GPS_LAKE_CONNECTION_STRING: ACCOUNT_KEY },
    /GPS_LAKE_CONNECTION_STRING is not a storage connection string/,
  ],
  [{ GPS_LAKE_ACCOUNT_URL: 'http://gpslake.blob.core.windows.net' }, /GPS_LAKE_ACCOUNT_URL/],
  [{ GPS_LAKE_CONTAINER: 'Lake_1' }, /GPS_LAKE_CONTAINER/],
  [{ GPS_LAKE_CONTAINER: 'a--b' }, /GPS_LAKE_CONTAINER/],
  [{ GPS_SECRETS_PROVIDER: 'vault' }, /GPS_SECRETS_PROVIDER/],
  [{ GPS_SECRETS_PROVIDER: 'keyvault' }, /GPS_KEYVAULT_URL is required/],
  [{ GPS_SECRETS_PROVIDER: 'keyvault', GPS_KEYVAULT_URL: 'http://gps.vault.azure.net' }, /GPS_KEYVAULT_URL/],
  [
    {
      GPS_SECRETS_PROVIDER: 'keyvault',
      GPS_KEYVAULT_URL: 'https://gps.vault.azure.net',
      GPS_ODRE_API_KEY: 'k',
    },
    /GPS_ODRE_API_KEY is set but GPS_SECRETS_PROVIDER=keyvault/,
  ],
  [{ GPS_KEYVAULT_ODRE_API_KEY_SECRET: 'odre_key' }, /GPS_KEYVAULT_ODRE_API_KEY_SECRET/],
  [
    {
      GPS_SECRETS_PROVIDER: 'keyvault',
      GPS_KEYVAULT_URL: 'https://gps.vault.azure.net',
      GPS_ENTSOE_TOKEN: 't',
    },
    /GPS_ENTSOE_TOKEN is set but GPS_SECRETS_PROVIDER=keyvault/,
  ],
  [{ GPS_KEYVAULT_ENTSOE_TOKEN_SECRET: 'entsoe_token' }, /GPS_KEYVAULT_ENTSOE_TOKEN_SECRET/],
  [{ GPS_ENTSOE_TOKEN: '' }, /GPS_ENTSOE_TOKEN/],
  [
    {
      GPS_SECRETS_PROVIDER: 'keyvault',
      GPS_KEYVAULT_URL: 'https://gps.vault.azure.net',
      GPS_ALERT_WEBHOOK_SECRET: 's',
    },
    /GPS_ALERT_WEBHOOK_SECRET is set but GPS_SECRETS_PROVIDER=keyvault/,
  ],
  [
    {
      GPS_SECRETS_PROVIDER: 'keyvault',
      GPS_KEYVAULT_URL: 'https://gps.vault.azure.net',
      GPS_ALERT_SMTP_PASSWORD: 'p',
    },
    /GPS_ALERT_SMTP_PASSWORD is set but GPS_SECRETS_PROVIDER=keyvault/,
  ],
  [{ GPS_ODRE_API_KEY: '' }, /GPS_ODRE_API_KEY/],
])('a wrong lake or secrets setting names the variable: %o', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});

test('no configuration error repeats the connection string', () => {
  const bad = { GPS_LAKE_BACKEND: 'azure-blob', GPS_LAKE_CONNECTION_STRING: `junk;${ACCOUNT_KEY}` };
  expect(() => loadConfig(bad)).toThrow(ConfigError);
  try {
    loadConfig({ ...bad, GPS_LAKE_CONTAINER: 'lake' });
  } catch (err) {
    expect((err as Error).message).not.toContain(ACCOUNT_KEY);
  }
  expect.assertions(2);
});

test('Key Vault selection keeps the vault URL and secret name, no value', () => {
  const config = loadConfig({
    GPS_SECRETS_PROVIDER: 'keyvault',
    GPS_KEYVAULT_URL: 'https://gps-kv.vault.azure.net/',
    GPS_KEYVAULT_ODRE_API_KEY_SECRET: 'odre-key',
  });
  expect(config.secrets).toEqual({
    provider: 'keyvault',
    vaultUrl: 'https://gps-kv.vault.azure.net',
    secretNames: {
      odreApiKey: 'odre-key',
      entsoeToken: 'gps-entsoe-token',
      alertWebhookSecret: 'gps-alert-webhook-secret',
      alertSmtpPassword: 'gps-alert-smtp-password',
    },
  });
  expect(createSecretProvider(config.secrets).description).toBe(
    'Azure Key Vault https://gps-kv.vault.azure.net',
  );
});

test('the env provider reads GPS_ODRE_API_KEY, and an unset or empty variable is no key', async () => {
  expect(await new EnvSecretProvider({ GPS_ODRE_API_KEY: 'k-123' }).get('odre-api-key')).toBe('k-123');
  expect(await new EnvSecretProvider({}).get('odre-api-key')).toBeUndefined();
  expect(await new EnvSecretProvider({ GPS_ODRE_API_KEY: '' }).get('odre-api-key')).toBeUndefined();
  const selected = createSecretProvider(loadConfig({}).secrets, { GPS_ODRE_API_KEY: 'from-env' });
  expect(selected).toBeInstanceOf(EnvSecretProvider);
  expect(await selected.get('odre-api-key')).toBe('from-env');
});

test('the env provider reads GPS_ENTSOE_TOKEN; Key Vault names its secret GPS_KEYVAULT_ENTSOE_TOKEN_SECRET', async () => {
  expect(await new EnvSecretProvider({ GPS_ENTSOE_TOKEN: 't-1' }).get('entsoe-token')).toBe('t-1');
  expect(await new EnvSecretProvider({ GPS_ODRE_API_KEY: 'k' }).get('entsoe-token')).toBeUndefined();
  const config = loadConfig({
    GPS_SECRETS_PROVIDER: 'keyvault',
    GPS_KEYVAULT_URL: 'https://gps-kv.vault.azure.net',
    GPS_KEYVAULT_ENTSOE_TOKEN_SECRET: 'prices-token',
  });
  expect(config.secrets).toMatchObject({ secretNames: { entsoeToken: 'prices-token' } });
});

test('the alert secrets: GPS_ALERT_WEBHOOK_SECRET and GPS_ALERT_SMTP_PASSWORD, or their Key Vault names', async () => {
  const env = new EnvSecretProvider({ GPS_ALERT_WEBHOOK_SECRET: 'w', GPS_ALERT_SMTP_PASSWORD: 'p' });
  expect(await env.get('alert-webhook-secret')).toBe('w');
  expect(await env.get('alert-smtp-password')).toBe('p');
  const config = loadConfig({
    GPS_SECRETS_PROVIDER: 'keyvault',
    GPS_KEYVAULT_URL: 'https://gps-kv.vault.azure.net',
    GPS_KEYVAULT_ALERT_WEBHOOK_SECRET_SECRET: 'hook-secret',
    GPS_KEYVAULT_ALERT_SMTP_PASSWORD_SECRET: 'smtp-pw',
  });
  expect(config.secrets).toMatchObject({
    secretNames: { alertWebhookSecret: 'hook-secret', alertSmtpPassword: 'smtp-pw' },
  });
});
