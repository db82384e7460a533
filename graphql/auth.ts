import type { NextFunction, Request, Response } from 'express';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import type { Config } from '../lib/config';
import { ForbiddenError, sendError } from './errors';

/**
 * Bearer-token authentication. Production: Azure AD (Entra ID) access tokens, RS256, verified
 * against the tenant's JWKS with issuer, audience and expiry checked; app roles Reader / Admin.
 * Embedded default: a local development issuer with an in-memory key, answering token requests
 * only from loopback and refused when NODE_ENV=production (see lib/config.ts).
 */

export type Role = 'Reader' | 'Admin';

export interface Viewer {
  subject: string;
  name?: string;
  roles: Role[];
}

export const LOCAL_ISSUER = 'urn:grid-power-stream:local-dev-issuer';
export const LOCAL_AUDIENCE = 'api://grid-power-stream';

export interface Authenticator {
  verify(token: string): Promise<Viewer>;
  /** Present only in local mode. */
  devIssuer?: { issue(subject: string, roles: Role[]): Promise<string>; jwks: { keys: JWK[] } };
}

export class AuthError extends Error {
  override name = 'AuthError';
}

function rolesOf(claim: unknown): Role[] {
  if (!Array.isArray(claim)) return [];
  return claim.filter((r): r is Role => r === 'Reader' || r === 'Admin');
}

async function verifyWith(
  keys: JWTVerifyGetKey,
  token: string,
  issuer: string,
  audience: string,
): Promise<Viewer> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer,
      audience,
      algorithms: ['RS256'],
      clockTolerance: 30,
    });
    if (!payload.sub) throw new AuthError('token has no subject');
    return {
      subject: payload.sub,
      name: typeof payload.name === 'string' ? payload.name : undefined,
      roles: rolesOf(payload.roles),
    };
  } catch (err) {
    if (err instanceof AuthError) throw err;
    throw new AuthError(`invalid token: ${(err as Error).message}`);
  }
}

export async function createAuthenticator(auth: Config['auth']): Promise<Authenticator> {
  if (auth.mode === 'azure') {
    const jwks = createRemoteJWKSet(
      new URL(`https://login.microsoftonline.com/${auth.tenantId}/discovery/v2.0/keys`),
    );
    const issuer = `https://login.microsoftonline.com/${auth.tenantId}/v2.0`;
    return { verify: (token) => verifyWith(jwks, token, issuer, auth.audience) };
  }
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'local-dev', alg: 'RS256', use: 'sig' };
  const jwks = { keys: [publicJwk] };
  const localKeys = createLocalJWKSet(jwks);
  return {
    verify: (token) => verifyWith(localKeys, token, LOCAL_ISSUER, LOCAL_AUDIENCE),
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

/** Rejects the request with 401/403 unless it carries a valid token with one of the roles. */
export function requireRole(authenticator: Authenticator, roles: Role[] = ['Reader', 'Admin']) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) {
      res.set('www-authenticate', 'Bearer');
      sendError(res, 401, 'UNAUTHENTICATED', 'missing bearer token');
      return;
    }
    let viewer: Viewer;
    try {
      viewer = await authenticator.verify(match[1] as string);
    } catch (err) {
      res.set('www-authenticate', 'Bearer error="invalid_token"');
      sendError(res, 401, 'UNAUTHENTICATED', (err as Error).message);
      return;
    }
    if (!viewer.roles.some((r) => roles.includes(r))) {
      sendError(res, 403, 'FORBIDDEN', `requires one of the roles: ${roles.join(', ')}`);
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
