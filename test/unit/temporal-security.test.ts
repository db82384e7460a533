import { loadConfig } from '../../activities/config';
import { ConfigError } from '../../lib/config';
import { temporalConnectionOptions } from '../../lib/temporal-security';

/** How the platform connects to Temporal: plaintext on this machine only, TLS everywhere else. */

const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const PEM_KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----';

const temporalOf = (env: Record<string, string>) =>
  loadConfig({ NODE_ENV: 'test', GPS_DATA_DIR: '/tmp/gps-tls-test', ...env }).temporal;

test.each(['127.0.0.1:7233', 'localhost:7233', '[::1]:7233'])(
  '%s: plaintext, nothing to configure',
  (address) => {
    expect(temporalConnectionOptions(temporalOf({ TEMPORAL_ADDRESS: address }))).toEqual({
      address,
      tls: false,
    });
  },
);

test('a remote address without TLS is refused at start, naming the three ways out', () => {
  expect(() => temporalOf({ TEMPORAL_ADDRESS: 'temporal.example.net:7233' })).toThrow(ConfigError);
  expect(() => temporalOf({ TEMPORAL_ADDRESS: 'temporal.example.net:7233' })).toThrow(
    /TEMPORAL_ADDRESS temporal\.example\.net:7233 is not on this machine.*TEMPORAL_API_KEY.*TEMPORAL_TLS_CLIENT_CERT_DATA.*GPS_TEMPORAL_ALLOW_PLAINTEXT=true/,
  );
});

test('plaintext to a remote address only when asked for by name (a private network)', () => {
  const t = temporalOf({ TEMPORAL_ADDRESS: 'temporal:7233', GPS_TEMPORAL_ALLOW_PLAINTEXT: 'true' });
  expect(temporalConnectionOptions(t)).toEqual({ address: 'temporal:7233', tls: false });
});

test('Temporal Cloud with an API key: TLS on, the key passed along', () => {
  const t = temporalOf({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'k-123' });
  expect(temporalConnectionOptions(t)).toEqual({
    address: 'ns.acct.tmprl.cloud:7233',
    tls: {},
    apiKey: 'k-123',
  });
});

test('mTLS: the certificate and key as bytes, the CA and server name when given', () => {
  const t = temporalOf({
    TEMPORAL_ADDRESS: 'temporal.internal:7233',
    TEMPORAL_TLS_CLIENT_CERT_DATA: PEM_CERT,
    TEMPORAL_TLS_CLIENT_KEY_DATA: PEM_KEY,
    TEMPORAL_TLS_SERVER_CA_DATA: PEM_CERT,
    TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal',
  });
  const { tls } = temporalConnectionOptions(t);
  expect(tls).not.toBe(false);
  if (!tls) return;
  expect(Buffer.from(tls.clientCertPair?.crt ?? []).toString()).toBe(PEM_CERT);
  expect(Buffer.from(tls.clientCertPair?.key ?? []).toString()).toBe(PEM_KEY);
  expect(Buffer.from(tls.serverRootCACertificate ?? []).toString()).toBe(PEM_CERT);
  expect(tls.serverNameOverride).toBe('frontend.temporal');
});

test.each([
  [{ TEMPORAL_TLS_CLIENT_CERT_DATA: PEM_CERT }, /go together/],
  [
    { TEMPORAL_TLS_CLIENT_CERT_DATA: '/etc/temporal/client.pem', TEMPORAL_TLS_CLIENT_KEY_DATA: PEM_KEY },
    /not a path/,
  ],
  [{ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' }, /clear text/],
])('a contradictory or malformed setting is refused: %o', (env, message) => {
  expect(() => temporalOf({ TEMPORAL_ADDRESS: 'temporal.internal:7233', ...env })).toThrow(message);
});

test('the API key never appears in the error of another variable', () => {
  const fail = () =>
    temporalOf({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_API_KEY: 'super-secret-key', TEMPORAL_TLS: 'maybe' });
  expect(fail).toThrow(ConfigError);
  expect(() => fail()).not.toThrow(/super-secret-key/);
});
