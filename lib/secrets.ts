import type { SecretsConfig } from './config';
import { KeyVaultSecretProvider } from './secrets-keyvault';

export { SecretProviderError } from './secrets-keyvault';

/**
 * Where secrets come from. Values are fetched when a client is built and handed straight to it:
 * they never enter the configuration, the logs or Temporal payloads.
 */
export type SecretName = 'odre-api-key' | 'entsoe-token' | 'alert-webhook-secret' | 'alert-smtp-password';

export interface SecretProvider {
  /** For logs: where secrets are read from, never a value. */
  readonly description: string;
  /** The secret's value, or undefined when it is not set (every secret so far is optional). */
  get(name: SecretName): Promise<string | undefined>;
}

/** The environment variable behind each secret for the `env` provider. */
export const SECRET_ENV_VARIABLES: Record<SecretName, string> = {
  'odre-api-key': 'GPS_ODRE_API_KEY',
  'entsoe-token': 'GPS_ENTSOE_TOKEN',
  'alert-webhook-secret': 'GPS_ALERT_WEBHOOK_SECRET',
  'alert-smtp-password': 'GPS_ALERT_SMTP_PASSWORD',
};

export class EnvSecretProvider implements SecretProvider {
  readonly description = 'environment variables';

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(name: SecretName): Promise<string | undefined> {
    const value = this.env[SECRET_ENV_VARIABLES[name]];
    return value ? value : undefined;
  }
}

export function createSecretProvider(
  config: SecretsConfig,
  env: NodeJS.ProcessEnv = process.env,
): SecretProvider {
  switch (config.provider) {
    case 'env':
      return new EnvSecretProvider(env);
    case 'keyvault':
      return KeyVaultSecretProvider.create(config.vaultUrl, {
        'odre-api-key': config.secretNames.odreApiKey,
        'entsoe-token': config.secretNames.entsoeToken,
        'alert-webhook-secret': config.secretNames.alertWebhookSecret,
        'alert-smtp-password': config.secretNames.alertSmtpPassword,
      });
  }
}
