import type { TLSConfig } from '@temporalio/client';
import { z } from 'zod';
import { boolFromEnv } from './env-values';
import { ConfigError } from './config';

/**
 * How the platform authenticates to its Temporal frontend. The embedded dev server and a
 * loopback address need nothing; any other address carries workflow inputs and results across a
 * network, so it takes TLS (Temporal Cloud: an API key or an mTLS client certificate; a
 * self-hosted cluster: mTLS, optionally its own CA) unless plaintext is asked for by name, as on
 * the private network of docker-compose.
 */

const pem = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => v.includes('-----BEGIN '), `a PEM ${what} (-----BEGIN …), not a path`);

export const temporalSecurityEnv = {
  TEMPORAL_API_KEY: z.string().trim().min(1).optional(),
  TEMPORAL_TLS: boolFromEnv.optional(),
  TEMPORAL_TLS_CLIENT_CERT_DATA: pem('certificate').optional(),
  TEMPORAL_TLS_CLIENT_KEY_DATA: pem('private key').optional(),
  TEMPORAL_TLS_SERVER_CA_DATA: pem('CA certificate').optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().trim().min(1).optional(),
  GPS_TEMPORAL_ALLOW_PLAINTEXT: boolFromEnv.default(false),
};

type SecurityEnv = z.output<z.ZodObject<typeof temporalSecurityEnv>>;

export interface TemporalSecurity {
  /** `false`: plaintext. */
  tls: TLSConfig | false;
  apiKey?: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** The host of a `host:port` address, IPv6 brackets kept. */
function hostOf(address: string): string {
  const bracketed = /^(\[[^\]]+\])(:\d+)?$/.exec(address);
  if (bracketed) return bracketed[1] as string;
  return address.replace(/:\d+$/, '');
}

export function temporalSecurity(address: string, e: SecurityEnv): TemporalSecurity {
  const cert = e.TEMPORAL_TLS_CLIENT_CERT_DATA;
  const key = e.TEMPORAL_TLS_CLIENT_KEY_DATA;
  if (Boolean(cert) !== Boolean(key)) {
    throw new ConfigError(
      'TEMPORAL_TLS_CLIENT_CERT_DATA and TEMPORAL_TLS_CLIENT_KEY_DATA go together (the mTLS client certificate and its key)',
    );
  }
  const wantsTls =
    e.TEMPORAL_TLS ??
    Boolean(e.TEMPORAL_API_KEY || cert || e.TEMPORAL_TLS_SERVER_CA_DATA || e.TEMPORAL_TLS_SERVER_NAME);
  if (e.TEMPORAL_TLS === false && (e.TEMPORAL_API_KEY || cert)) {
    throw new ConfigError(
      'TEMPORAL_TLS=false with an API key or a client certificate would send them in clear text',
    );
  }
  if (!wantsTls) {
    if (!LOOPBACK.has(hostOf(address)) && !e.GPS_TEMPORAL_ALLOW_PLAINTEXT) {
      throw new ConfigError(
        `TEMPORAL_ADDRESS ${address} is not on this machine and no TLS is configured: set TEMPORAL_API_KEY ` +
          '(Temporal Cloud) or TEMPORAL_TLS_CLIENT_CERT_DATA and TEMPORAL_TLS_CLIENT_KEY_DATA (mTLS), or ' +
          'GPS_TEMPORAL_ALLOW_PLAINTEXT=true on a private network',
      );
    }
    return { tls: false };
  }
  const tls: TLSConfig = {};
  if (cert && key) tls.clientCertPair = { crt: Buffer.from(cert), key: Buffer.from(key) };
  if (e.TEMPORAL_TLS_SERVER_CA_DATA) tls.serverRootCACertificate = Buffer.from(e.TEMPORAL_TLS_SERVER_CA_DATA);
  if (e.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = e.TEMPORAL_TLS_SERVER_NAME;
  return e.TEMPORAL_API_KEY ? { tls, apiKey: e.TEMPORAL_API_KEY } : { tls };
}

/** Options for `Connection.connect`/`lazy` (client) and `NativeConnection.connect` (worker) alike. */
export function temporalConnectionOptions(temporal: { address: string; security: TemporalSecurity }): {
  address: string;
  tls: TLSConfig | false;
  apiKey?: string;
} {
  return { address: temporal.address, ...temporal.security };
}
