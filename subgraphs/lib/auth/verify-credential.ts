import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import {
  ACTING_SERVICE_SCOPES,
  HUB_CLAIMS,
  HUB_TOKEN_ALGORITHM,
  HUB_TOKEN_ISSUER,
  ROLES,
  SERVICE_SCOPE_ROOT_FIELDS,
  WRONG_AUDIENCE_REFUSAL,
  type Actor,
  type Role,
  type ServiceScope,
} from '../../../schema/contract/hub-credential.js';

/** How far a credential's `iat` may lie in the future (clocks of two machines differ a little). */
export const CLOCK_SKEW_S = 5;

export class HubCredentialError extends Error {}

/**
 * A verified credential: a caller's (with its actor) or the gateway's own (with its scope), plus
 * its id and expiry. The credential of an acting scope (ACTING_SERVICE_SCOPES) also names the user
 * it acts for and the request it is bound to.
 */
export type VerifiedCredential = (
  | { readonly kind: 'actor'; readonly actor: Actor }
  | { readonly kind: 'service'; readonly scope: ServiceScope; readonly acting?: ActingFor }
) & {
  readonly tokenId: string;
  /** Expiry, ms since epoch. */
  readonly expiresAt: number;
};

/** What the credential of an acting scope carries besides its scope. */
interface ActingFor {
  readonly actor: Actor;
  /** HUB_CLAIMS.binding: SHA-256 (hex) of the one request the credential was minted for. */
  readonly binding: string;
}

export interface CredentialRules {
  readonly keys: JWTVerifyGetKey;
  /** This subgraph's audience: its prefecture code, or `province`. */
  readonly audience: string;
  readonly maxLifetimeS: number;
}

/**
 * Verifies a gateway credential for this subgraph; throws HubCredentialError saying why not.
 * Refused: another key or algorithm, another issuer, an audience that is not exactly this
 * subgraph's (an array too), a lifetime above the maximum, an `iat` in the future, no jti/exp/iat.
 */
export async function verifyHubCredential(token: string, rules: CredentialRules): Promise<VerifiedCredential> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, rules.keys, {
      issuer: HUB_TOKEN_ISSUER,
      algorithms: [HUB_TOKEN_ALGORITHM],
      requiredClaims: ['jti', 'exp', 'iat', 'sub', 'aud'],
      clockTolerance: CLOCK_SKEW_S,
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new HubCredentialError('hub token expired');
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      throw new HubCredentialError(`hub token rejected: ${error.message}`);
    }
    if (error instanceof joseErrors.JWKSNoMatchingKey) {
      throw new HubCredentialError('hub token signed with a key this subgraph does not trust');
    }
    // The gateway's JWKS URL not answering is this subgraph's trouble, not the caller's.
    if (!(error instanceof joseErrors.JOSEError) || error instanceof joseErrors.JWKSTimeout) throw error;
    throw new HubCredentialError('hub token invalid');
  }
  const { aud, iat, exp, jti, sub } = payload;
  // One credential, one audience: a token naming several could be replayed at each of them.
  if (typeof aud !== 'string') throw new HubCredentialError('hub token must name exactly one audience');
  if (aud !== rules.audience) throw new HubCredentialError(`${WRONG_AUDIENCE_REFUSAL}: ${aud}, not ${rules.audience}`);
  if (typeof iat !== 'number' || typeof exp !== 'number' || !jti || !sub) {
    throw new HubCredentialError('hub token lacks its id, subject, iat or exp');
  }
  if (iat > Date.now() / 1000 + CLOCK_SKEW_S) throw new HubCredentialError('hub token issued in the future');
  if (exp - iat > rules.maxLifetimeS) {
    const accepted = rules.maxLifetimeS;
    throw new HubCredentialError(`hub token lives ${exp - iat} s, longer than the ${accepted} s this subgraph accepts`);
  }
  const common = { tokenId: jti, expiresAt: exp * 1000 };
  const scope = payload[HUB_CLAIMS.scope];
  if (isServiceScope(scope)) {
    if (!ACTING_SERVICE_SCOPES.includes(scope)) return { kind: 'service', scope, ...common };
    return { kind: 'service', scope, acting: actingFor(payload, sub, scope), ...common };
  }
  if (scope !== undefined) throw new HubCredentialError('hub token has an unknown scope');
  return { kind: 'actor', actor: actorOf(payload, sub), ...common };
}

function actorOf(payload: JWTPayload, subject: string): Actor {
  const role = payload[HUB_CLAIMS.role];
  if (!isRole(role)) throw new HubCredentialError('hub token lacks a known role');
  const prefecture = payload[HUB_CLAIMS.prefecture];
  const requestId = payload[HUB_CLAIMS.requestId];
  if (role === 'officer' && typeof prefecture !== 'string') {
    throw new HubCredentialError('officer token lacks its prefecture');
  }
  return {
    subject,
    role,
    prefectureCode: typeof prefecture === 'string' ? prefecture : undefined,
    requestId: typeof requestId === 'string' ? requestId : undefined,
  };
}

/** An acting scope's user and binding; without either the credential opens nothing. */
function actingFor(payload: JWTPayload, subject: string, scope: ServiceScope): ActingFor {
  const binding = payload[HUB_CLAIMS.binding];
  if (typeof binding !== 'string' || !SHA256_HEX.test(binding)) {
    throw new HubCredentialError(`a ${scope} hub token must name the request it was issued for`);
  }
  return { actor: actorOf(payload, subject), binding };
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function isServiceScope(value: unknown): value is ServiceScope {
  return typeof value === 'string' && Object.hasOwn(SERVICE_SCOPE_ROOT_FIELDS, value);
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
