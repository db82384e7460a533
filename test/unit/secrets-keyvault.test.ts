import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TokenCredential } from '@azure/identity';
import { KeyVaultSecretProvider, SecretProviderError } from '../../lib/secrets-keyvault';

/**
 * The Key Vault provider through the real SDK against a local HTTPS stand-in for the vault (and
 * a fixed token in place of Entra ID). It shows the calls we make and how answers map; no real
 * vault, identity or network is involved.
 */

let server: https.Server;
let vaultUrl: string;
let ca: Buffer;
let dir: string;
const requests: { path: string; authorization?: string }[] = [];

const secrets: Record<string, string> = { 'gps-odre-api-key': 'kv-secret-123' };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gps-kv-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'pipe' },
  );
  ca = readFileSync(path.join(dir, 'cert.pem'));
  server = https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: ca }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    requests.push({ path: url.pathname, authorization: req.headers.authorization });
    req.resume();
    req.on('end', () => {
      if (!req.headers.authorization) {
        // Key Vault's challenge: the client learns the scope, then asks its credential for a token.
        res.writeHead(401, {
          'www-authenticate':
            'Bearer authorization="https://login.microsoftonline.com/tenant", resource="https://vault.azure.net"',
        });
        return res.end();
      }
      const name = /^\/secrets\/([^/]+)\/?$/.exec(url.pathname)?.[1] ?? '';
      const reply = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (name === 'forbidden')
        return reply(403, { error: { code: 'Forbidden', message: 'no get permission' } });
      const value = secrets[name];
      if (value === undefined)
        return reply(404, { error: { code: 'SecretNotFound', message: `${name} not found` } });
      reply(200, { value, id: `${vaultUrl}/secrets/${name}/v1`, attributes: { enabled: true } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  vaultUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const credential: TokenCredential = {
  getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

function provider(secretName: string) {
  return KeyVaultSecretProvider.create(
    vaultUrl,
    {
      'odre-api-key': secretName,
      'entsoe-token': 'gps-entsoe-token',
      'alert-webhook-secret': 'gps-alert-webhook-secret',
      'alert-smtp-password': 'gps-alert-smtp-password',
    },
    credential,
    {
      // The stand-in is not *.vault.azure.net, and its certificate is our own.
      disableChallengeResourceVerification: true,
      agent: new https.Agent({ ca }),
      retryOptions: { maxRetries: 0 },
    },
  );
}

test('reads the mapped vault secret with a bearer token from the credential', async () => {
  requests.length = 0;
  expect(await provider('gps-odre-api-key').get('odre-api-key')).toBe('kv-secret-123');
  expect(requests.at(-1)).toEqual({ path: '/secrets/gps-odre-api-key/', authorization: 'Bearer test-token' });
});

test('a secret absent from the vault is no key, like an unset variable', async () => {
  expect(await provider('not-there').get('odre-api-key')).toBeUndefined();
});

test('any other failure stops with the vault and secret named, never a value', async () => {
  const err = await provider('forbidden')
    .get('odre-api-key')
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(SecretProviderError);
  expect((err as Error).message).toMatch(
    new RegExp(`^cannot read secret forbidden from Azure Key Vault ${vaultUrl}: .*no get permission`),
  );
});
