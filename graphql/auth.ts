import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { AzureAuthConfig, PlatformConfig } from '../lib/config';
import { ForbiddenError, sendError } from './errors';
import { processMetrics } from '../lib/metrics/registry';

/**
 * Bearer-token authentication (docs/api-auth.md). Production: Azure AD (Entra ID) access tokens,
 * RS256 only, verified against the tenant's JWKS (fetched again on an unknown `kid`, at most once
 * per cooldown), issuer in its v1 or v2 form, audience (App ID URI or client id), expiry and
 * not-before; app roles Reader / Admin from the `roles` claim.
 * Embedded default: a local development issuer with an in-memory key, answering token requests
 * only from loopback and refused when NODE_ENV=production (see lib/config.ts).
 */

export type Role = 'Reader' | 'Admin';

export interface Viewer {
  /**
   * Who, as written in audit rows and used as the rate-limit key. Azure AD: the object id (`oid`)
   * of the user or of the calling application's service principal, the same in every app of the
   * tenant and what `az ad user show --id` / `az ad sp show --id` look up (`sub` is pairwise, one
   * value per user and application); `sub` only if a token has no `oid`. Local issuer: `sub`.
   */
  subject: string;
  /** A person's name or sign-in name; for an application's own token, its client id. */
  name?: string;
  roles: Role[];
}

export const LOCAL_ISSUER = 'urn:grid-power-stream:local-dev-issuer';
export const LOCAL_AUDIENCE = 'api://grid-power-stream';
/** Seconds of clock skew allowed on `exp` and `nbf`. */
export const CLOCK_TOLERANCE_S = 30;

export interface Authenticator {
  verify(token: string): Promise<Viewer>;
  /** Present only in local mode. */
  devIssuer?: { issue(subject: string, roles: Role[]): Promise<string>; jwks: { keys: JWK[] } };
}

/** The token is refused (401); the message names the check that failed, never the token's content. */
export class AuthError extends Error {
  override name = 'AuthError';
}

/** The identity provider's keys could not be fetched (503): not the client's fault. */
export class AuthUnavailableError extends Error {
  override name = 'AuthUnavailableError';
}

function rolesOf(claim: unknown): Role[] {
  if (!Array.isArray(claim)) return [];
  return claim.filter((r): r is Role => r === 'Reader' || r === 'Admin');
}

/** Which check failed, in words of our own: jose's messages are fine today, but not our contract. */
function refusal(err: unknown): Error {
  if (err instanceof AuthError || err instanceof AuthUnavailableError) return err;
  if (err instanceof errors.JWTExpired) return new AuthError('token expired (exp)');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return new AuthError(`token has no "${err.claim}" claim`);
    const which: Record<string, string> = {
      nbf: 'token not yet valid (nbf)',
      iss: 'token issuer (iss) not accepted',
      aud: 'token audience (aud) is not this API',
      iat: 'token issued in the future (iat)',
    };
    return new AuthError(which[err.claim] ?? `token claim "${err.claim}" check failed`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed)
    return new AuthError('token algorithm (alg) not allowed: RS256 only');
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return new AuthError('token signature verification failed');
  }
  if (err instanceof errors.JWKSNoMatchingKey) {
    return new AuthError("token signed by an unknown key (kid not in the issuer's key set)");
  }
  if (err instanceof errors.JWKSMultipleMatchingKeys) return new AuthError('token key id (kid) is ambiguous');
  if (
    err instanceof errors.JWSInvalid ||
    err instanceof errors.JWTInvalid ||
    err instanceof errors.JOSENotSupported ||
    err instanceof errors.JWKInvalid
  ) {
    return new AuthError('malformed token');
  }
  // The key set itself: timeout, network error, an answer other than 200, not a JWKS.
  if (
    err instanceof errors.JWKSTimeout ||
    err instanceof errors.JWKSInvalid ||
    (err instanceof errors.JOSEError && err.code === 'ERR_JOSE_GENERIC') ||
    (err instanceof TypeError && err.message === 'fetch failed')
  ) {
    return new AuthUnavailableError("cannot fetch the identity provider's signing keys; retry later");
  }
  return new AuthError('invalid token');
}

interface Expected {
  issuer: string | string[];
  audience: string | string[];
  subjectOf(payload: JWTPayload): string | undefined;
  nameOf(payload: JWTPayload): string | undefined;
}

async function verifyWith(keys: JWTVerifyGetKey, token: string, expected: Expected): Promise<Viewer> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      issuer: expected.issuer,
      audience: expected.audience,
      algorithms: ['RS256'],
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_TOLERANCE_S,
    }));
  } catch (err) {
    throw refusal(err);
  }
  const subject = expected.subjectOf(payload);
  if (!subject) throw new AuthError('token has no subject (oid or sub)');
  return { subject, name: expected.nameOf(payload), roles: rolesOf(payload.roles) };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Azure AD access token, v1 (`sts.windows.net`, `appid`) or v2 (`login…/v2.0`, `azp`). */
function azureAuthenticator(auth: AzureAuthConfig): Authenticator {
  const jwks = createRemoteJWKSet(new URL(auth.jwksUrl), {
    cooldownDuration: auth.jwksCooldownMs,
    timeoutDuration: 5_000,
  });
  const expected: Expected = {
    issuer: auth.issuers,
    audience: auth.audiences,
    subjectOf: (p) => str(p.oid) ?? str(p.sub),
    // A person's token has `scp` (delegated); an application's own token has roles but no `scp`.
    nameOf: (p) =>
      str(p.name) ??
      str(p.preferred_username) ??
      str(p.upn) ??
      (p.scp === undefined ? (str(p.azp) ?? str(p.appid)) : undefined),
  };
  return { verify: (token) => verifyWith(jwks, token, expected) };
}

/** The local issuer's RS256 key pair, PEM (PKCS#8 private, SPKI public). */
export interface LocalSigningKey {
  privateKeyPem: string;
  publicKeyPem: string;
}

/**
 * A fresh key for the local issuer, made once by the process that starts several API processes
 * and handed to each: a token one of them issued must verify in all of them.
 */
export function newLocalSigningKey(): LocalSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** `localSigningKey`: the local issuer's shared key; without it, a key of this process's own. */
export async function createAuthenticator(
  auth: PlatformConfig['auth'],
  localSigningKey?: LocalSigningKey,
): Promise<Authenticator> {
  if (auth.mode === 'azure') return azureAuthenticator(auth);
  const { publicKey, privateKey } = localSigningKey
    ? {
        publicKey: createPublicKey(localSigningKey.publicKeyPem),
        privateKey: createPrivateKey(localSigningKey.privateKeyPem),
      }
    : await generateKeyPair('RS256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'local-dev', alg: 'RS256', use: 'sig' };
  const jwks = { keys: [publicJwk] };
  const localKeys = createLocalJWKSet(jwks);
  const expected: Expected = {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    subjectOf: (p) => str(p.sub),
    nameOf: (p) => str(p.name),
  };
  return {
    verify: (token) => verifyWith(localKeys, token, expected),
    devIssuer: {
      jwks,
      issue: (subject, roles) =>
        new SignJWT({ roles, name: subject })
          .setProtectedHeader({ alg: 'RS256', kid: 'local-dev' })
          .setIssuer(LOCAL_ISSUER)
          .setAudience(LOCAL_AUDIENCE)
          .setSubject(subject)
          .setIssuedAt()
          .setExpirationTime('8h')
          .sign(privateKey),
    },
  };
}

export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

declare module 'express-serve-static-core' {
  interface Request {
    viewer?: Viewer;
  }
}

/** The `reason` label of api_auth_failures_total: which check refused, never anything of the token. */
type AuthFailureReason = 'missing-token' | 'malformed-header' | 'invalid-token' | 'missing-role';

function countAuthFailure(reason: AuthFailureReason): void {
  processMetrics().apiAuthFailures.inc({ reason });
}

/**
 * Rejects the request unless it carries a valid token with one of the roles: 401 (with the check
 * that failed) for no or a bad token, 403 for a valid token without the role, 503 when the
 * identity provider's keys cannot be fetched.
 */
export function requireRole(authenticator: Authenticator, roles: Role[] = ['Reader', 'Admin']) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer +([^\s]+)\s*$/i.exec(header);
    if (!match) {
      countAuthFailure(header ? 'malformed-header' : 'missing-token');
      res.set('www-authenticate', 'Bearer');
      sendError(
        res,
        401,
        'UNAUTHENTICATED',
        header ? 'malformed Authorization header' : 'missing bearer token',
      );
      return;
    }
    let viewer: Viewer;
    try {
      viewer = await authenticator.verify(match[1] as string);
    } catch (err) {
      if (err instanceof AuthUnavailableError) {
        sendError(res, 503, 'UNAVAILABLE', err.message);
        return;
      }
      countAuthFailure('invalid-token');
      const message = err instanceof AuthError ? err.message : 'invalid token';
      res.set(
        'www-authenticate',
        `Bearer error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
      );
      sendError(res, 401, 'UNAUTHENTICATED', message);
      return;
    }
    if (!viewer.roles.some((r) => roles.includes(r))) {
      countAuthFailure('missing-role');
      sendError(res, 403, 'FORBIDDEN', `requires one of the app roles: ${roles.join(', ')}`);
      return;
    }
    req.viewer = viewer;
    next();
  };
}

/** For resolvers of admin operations: the token must carry the Admin app role. */
export function assertAdmin(viewer: Viewer): void {
  if (!viewer.roles.includes('Admin')) throw new ForbiddenError('requires the Admin role');
}
