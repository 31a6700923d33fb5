import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { unauthenticated } from '../errors.js';
import { ROLES, type Actor, type Role } from '../../schema/contract/hub-credential.js';
import { isPrefectureCode } from '../../schema/prefectures.js';

/** How the gateway checks users' bearer tokens: exactly one key source, plus issuer and audience. */
export interface UserTokenOptions {
  /** HS256 shared secret (one-machine mode); at least 32 characters. */
  readonly secret?: string;
  /** PEM public key of the identity provider (RS256 for RSA keys, ES256 for EC keys). */
  readonly publicKey?: string;
  /** JWKS URL of the identity provider; keys are fetched and cached by `kid`. */
  readonly jwksUrl?: string;
  readonly issuer: string;
  readonly audience: string;
}

type VerificationKey = { key: Uint8Array | KeyObject | JWTVerifyGetKey; algorithms: string[] };
const keys = new WeakMap<UserTokenOptions, VerificationKey>();

/** The key and accepted algorithms of the options, built once (a JWKS set caches its keys). */
function verificationKey(options: UserTokenOptions): VerificationKey {
  let key = keys.get(options);
  if (key) return key;
  if (options.jwksUrl) key = { key: createRemoteJWKSet(new URL(options.jwksUrl)), algorithms: ['RS256', 'ES256'] };
  else if (options.publicKey) {
    const publicKey = createPublicKey(options.publicKey);
    key = { key: publicKey, algorithms: [publicKey.asymmetricKeyType === 'ec' ? 'ES256' : 'RS256'] };
  } else if (options.secret) key = { key: new TextEncoder().encode(options.secret), algorithms: ['HS256'] };
  else throw new Error('user tokens need a secret, a public key or a JWKS URL');
  keys.set(options, key);
  return key;
}

/**
 * Verifies `Authorization: Bearer <jwt>` and returns the caller. Claims: `sub`, `role` (viewer,
 * analyst, officer, admin) and, for officers, `prefecture` (the code they may write).
 * Any problem is UNAUTHENTICATED with HTTP 401 and no data.
 */
export async function authenticateUser(
  authorization: string | undefined,
  options: UserTokenOptions,
): Promise<Omit<Actor, 'requestId'>> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) {
    throw unauthenticated('missing bearer token: send Authorization: Bearer <token> (see README, "Security")');
  }
  let payload: JWTPayload;
  const { key, algorithms } = verificationKey(options);
  const verifyOptions: JWTVerifyOptions = { issuer: options.issuer, audience: options.audience, algorithms };
  try {
    // jose types the key-function and the plain-key overloads apart.
    ({ payload } =
      typeof key === 'function'
        ? await jwtVerify(token, key, verifyOptions)
        : await jwtVerify(token, key, verifyOptions));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthenticated('token expired');
    if (error instanceof joseErrors.JWTClaimValidationFailed)
      throw unauthenticated(`token rejected: ${error.claim} claim is not acceptable`);
    throw unauthenticated('token invalid');
  }
  // A token without expiry would be a password that never changes: refused, whoever signed it.
  if (payload.exp === undefined) throw unauthenticated('token has no expiry (exp)');
  const role = payload.role as Role;
  if (!payload.sub || !ROLES.includes(role)) throw unauthenticated('token lacks a subject or a known role');
  const prefecture = payload.prefecture;
  if (role === 'officer' && (typeof prefecture !== 'string' || !isPrefectureCode(prefecture))) {
    throw unauthenticated('an officer token must name the prefecture code the officer works for');
  }
  return { subject: payload.sub, role, prefectureCode: role === 'officer' ? (prefecture as string) : undefined };
}
