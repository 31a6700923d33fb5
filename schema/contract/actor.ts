import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

/** Roles of the provincial graph (docs/domain.md, "Users and roles"). */
export type Role = 'viewer' | 'analyst' | 'officer' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'analyst', 'officer', 'admin'];

/** The caller as the gateway forwards it to subgraphs. */
export interface Actor {
  readonly subject: string;
  readonly role: Role;
  /** Set for officers: the one prefecture they may write. */
  readonly prefectureCode?: string;
  /** Request id carried from the gateway, for logs and audit. */
  readonly requestId?: string;
}

/** Header carrying the gateway-signed token to subgraphs. */
export const HUB_TOKEN_HEADER = 'x-hub-token';
const ISSUER = 'yunnan-hub-gateway';
const AUDIENCE = 'yunnan-hub-subgraph';
/** Short-lived on purpose: a leaked token is worth one request burst, not a session. */
const HUB_TOKEN_TTL_SECONDS = 60;

export class HubTokenError extends Error {}

function keyOf(secret: string): Uint8Array {
  if (secret.length < 32) throw new HubTokenError('hub token secret must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

/**
 * Signs the token the gateway attaches to one subgraph request. Each call gets its own token id
 * (`jti`), which a subgraph accepts once: a token seen on the wire cannot be replayed.
 */
export async function signHubToken(actor: Actor, secret: string): Promise<string> {
  return new SignJWT({ role: actor.role, pref: actor.prefectureCode, rid: actor.requestId })
    .setProtectedHeader({ alg: 'HS256' })
    .setJti(randomUUID())
    .setSubject(actor.subject)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${HUB_TOKEN_TTL_SECONDS}s`)
    .sign(keyOf(secret));
}

/** A verified hub token: the caller, and the token's id and expiry for replay checks. */
export interface VerifiedHubToken {
  readonly actor: Actor;
  readonly tokenId: string;
  /** Expiry, ms since epoch. */
  readonly expiresAt: number;
}

/** Verifies a gateway-signed token; throws HubTokenError with the reason when it is not valid. */
export async function verifyHubToken(token: string, secret: string): Promise<VerifiedHubToken> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
    });
    const role = payload.role as Role;
    if (!payload.sub || !ROLES.includes(role)) throw new HubTokenError('hub token lacks subject or role');
    if (role === 'officer' && typeof payload.pref !== 'string') {
      throw new HubTokenError('officer token lacks its prefecture');
    }
    if (!payload.jti || !payload.exp) throw new HubTokenError('hub token lacks its id or expiry');
    return {
      actor: {
        subject: payload.sub,
        role,
        prefectureCode: typeof payload.pref === 'string' ? payload.pref : undefined,
        requestId: typeof payload.rid === 'string' ? payload.rid : undefined,
      },
      tokenId: payload.jti,
      expiresAt: payload.exp * 1000,
    };
  } catch (error) {
    if (error instanceof HubTokenError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new HubTokenError('hub token expired');
    throw new HubTokenError('hub token invalid');
  }
}
