import { GraphQLError } from 'graphql';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { ErrorCode } from '../../lib/errors.js';
import { ROLES, type Actor, type Role } from '../../schema/contract/actor.js';
import { isPrefectureCode } from '../../schema/prefectures.js';

/** How the gateway checks users' bearer tokens. */
export interface UserTokenOptions {
  /** HS256 shared secret (one-machine mode); at least 32 characters. */
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
}

/**
 * Verifies `Authorization: Bearer <jwt>` and returns the caller. Claims: `sub`, `role` (viewer,
 * analyst, officer, admin) and, for officers, `prefecture` (the code they may write).
 * Any problem is UNAUTHENTICATED with HTTP 401 and no data.
 */
export async function authenticateUser(authorization: string | undefined, options: UserTokenOptions): Promise<Omit<Actor, 'requestId'>> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw unauthenticated('missing bearer token: send Authorization: Bearer <token> (see README, "Tokens")');
  let payload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(options.secret), {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ['HS256'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthenticated('token expired');
    if (error instanceof joseErrors.JWTClaimValidationFailed) throw unauthenticated(`token rejected: ${error.claim} claim is not acceptable`);
    throw unauthenticated('token invalid');
  }
  const role = payload.role as Role;
  if (!payload.sub || !ROLES.includes(role)) throw unauthenticated('token lacks a subject or a known role');
  const prefecture = payload.prefecture;
  if (role === 'officer' && (typeof prefecture !== 'string' || !isPrefectureCode(prefecture))) {
    throw unauthenticated('an officer token must name the prefecture code the officer works for');
  }
  return { subject: payload.sub, role, prefectureCode: role === 'officer' ? (prefecture as string) : undefined };
}

/** Mints a user token (one-machine mode and tests; production tokens come from the identity provider). */
export function mintUserToken(actor: Omit<Actor, 'requestId'>, options: UserTokenOptions, expiresIn = '12h'): Promise<string> {
  return new SignJWT({ role: actor.role, prefecture: actor.prefectureCode })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(actor.subject)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(options.secret));
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}
