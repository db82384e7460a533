import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfidentialClientApplication, type NodeAuthOptions } from '@azure/msal-node';
import { z } from 'zod';

/**
 * `npm run -s api:token`: an access token for the API, from Azure AD with the client-credentials
 * grant of a daemon app registration (docs/api-auth.md), printed alone on stdout:
 *
 *   TOKEN=$(npm run -s api:token)
 *   curl -H "authorization: Bearer $TOKEN" 'http://127.0.0.1:4000/production/regional?...'
 *
 * The daemon authenticates with a client secret or a certificate (PEM file holding the private
 * key and the certificate, as for @azure/identity); neither is ever printed.
 */

const guid = (what: string) => z.guid(`${what}, a GUID`);
const envSchema = z.object({
  AZURE_TENANT_ID: guid('the Directory (tenant) ID'),
  AZURE_CLIENT_ID: guid("the daemon app registration's Application (client) ID"),
  AZURE_CLIENT_SECRET: z.string().min(1).optional(),
  AZURE_CLIENT_CERTIFICATE_PATH: z.string().min(1).optional(),
  AZURE_API_AUDIENCE: z.string().min(1, "the API's App ID URI (api://...) or client ID"),
  AZURE_AUTHORITY_HOST: z.url({ protocol: /^https$/ }).default('https://login.microsoftonline.com'),
});

class UsageError extends Error {}

function credential(
  env: z.infer<typeof envSchema>,
): Pick<NodeAuthOptions, 'clientSecret' | 'clientCertificate'> {
  if (Boolean(env.AZURE_CLIENT_SECRET) === Boolean(env.AZURE_CLIENT_CERTIFICATE_PATH)) {
    throw new UsageError('set exactly one of AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH');
  }
  if (env.AZURE_CLIENT_SECRET) return { clientSecret: env.AZURE_CLIENT_SECRET };
  const file = env.AZURE_CLIENT_CERTIFICATE_PATH!;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `AZURE_CLIENT_CERTIFICATE_PATH: cannot read ${file} (${(err as NodeJS.ErrnoException).code})`,
    );
  }
  const certPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!certPem) throw new UsageError('AZURE_CLIENT_CERTIFICATE_PATH: no certificate in the PEM file');
  return {
    clientCertificate: {
      thumbprintSha256: new X509Certificate(certPem).fingerprint256.replace(/:/g, ''),
      privateKey: createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }) as string,
      x5c: certPem,
    },
  };
}

export async function acquireApiToken(rawEnv: NodeJS.ProcessEnv): Promise<string> {
  const parsed = envSchema.safeParse(rawEnv);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new UsageError(`missing or invalid environment variables:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const authorityHost = env.AZURE_AUTHORITY_HOST.replace(/\/+$/, '');
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: env.AZURE_CLIENT_ID,
      authority: `${authorityHost}/${env.AZURE_TENANT_ID}`,
      // The configured host is trusted as it is: no instance discovery call (sovereign clouds, tests).
      knownAuthorities: [new URL(authorityHost).host],
      ...credential(env),
    },
  });
  const audience = env.AZURE_API_AUDIENCE.replace(/\/+$/, '');
  const result = await app.acquireTokenByClientCredential({ scopes: [`${audience}/.default`] });
  if (!result?.accessToken) throw new Error('Azure AD answered without an access token');
  return result.accessToken;
}

async function main(): Promise<void> {
  try {
    process.stdout.write(`${await acquireApiToken(process.env)}\n`);
  } catch (err) {
    let message = err instanceof Error ? err.message : String(err);
    // MSAL's errors carry Azure AD's description, not the secret; make sure of it all the same.
    const secret = process.env.AZURE_CLIENT_SECRET;
    if (secret && !(err instanceof UsageError)) message = message.split(secret).join('[redacted]');
    process.stderr.write(`api:token: ${message}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  }
}

if (require.main === module) void main();
