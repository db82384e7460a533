import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { SecretClient, type SecretClientOptions } from '@azure/keyvault-secrets';
import type { SecretName, SecretProvider } from './secrets';

export class SecretProviderError extends Error {
  override name = 'SecretProviderError';
}

/**
 * Azure Key Vault behind the SecretProvider interface: the worker's identity
 * (DefaultAzureCredential: managed identity, workload identity, az login…) reads one vault
 * secret per logical name. Kept apart because nothing here can reach a vault: it is exercised
 * only against a local HTTPS stand-in (test/unit/secrets-keyvault.test.ts).
 */
export class KeyVaultSecretProvider implements SecretProvider {
  readonly description: string;

  constructor(
    private readonly client: SecretClient,
    private readonly secretNames: Record<SecretName, string>,
  ) {
    this.description = `Azure Key Vault ${client.vaultUrl}`;
  }

  static create(
    vaultUrl: string,
    secretNames: Record<SecretName, string>,
    credential: TokenCredential = new DefaultAzureCredential(),
    options?: SecretClientOptions,
  ): KeyVaultSecretProvider {
    return new KeyVaultSecretProvider(new SecretClient(vaultUrl, credential, options), secretNames);
  }

  async get(name: SecretName): Promise<string | undefined> {
    const secretName = this.secretNames[name];
    try {
      const secret = await this.client.getSecret(secretName);
      return secret.value ? secret.value : undefined;
    } catch (err) {
      // Absent in the vault is "not configured", as an unset variable is for the env provider.
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw new SecretProviderError(
        `cannot read secret ${secretName} from ${this.description}: ${(err as Error).message}`,
        { cause: err },
      );
    }
  }
}
