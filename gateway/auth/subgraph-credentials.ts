import { randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import {
  HUB_CLAIMS,
  HUB_TOKEN_ALGORITHM,
  HUB_TOKEN_ISSUER,
  HUB_TOKEN_LIFETIME_S,
  PROVINCE_AUDIENCE,
  type Actor,
  type ServiceScope,
} from '../../schema/contract/hub-credential.js';
import type { GatewaySigningKeys } from './signing-keys.js';

/** `sub` of the credentials the gateway signs for itself alone (probes, registry reads). */
const GATEWAY_SUBJECT = 'gateway';

/**
 * Mints the credentials the gateway sends to subgraphs; each names one audience and is good for one call.
 * Function properties, not methods: they use no `this`, so callers may pass them around on their own.
 */
export interface SubgraphCredentials {
  /** A credential carrying `actor` to the subgraph of `audience` (a prefecture code or `province`). */
  readonly forActor: (actor: Actor, audience: string) => Promise<string>;
  /** A health-check credential: the subgraph serves it `_service` and `__typename` only. */
  readonly forProbe: (audience: string) => Promise<string>;
  /** The gateway's credential for reading the province registry (`prefectures` and their shard URLs) only. */
  readonly forRegistryRead: () => Promise<string>;
  /**
   * The gateway's credential for recording one ledger import of `actor` in the province's audit
   * log, bound to that one request (`binding`, see schema/contract/ledger-audit.ts).
   */
  readonly forLedgerAudit: (actor: Actor, binding: string) => Promise<string>;
}

const scoped = (scope: ServiceScope): JWTPayload => ({ [HUB_CLAIMS.scope]: scope });

export function subgraphCredentials(keys: GatewaySigningKeys): SubgraphCredentials {
  const sign = (claims: JWTPayload, subject: string, audience: string) => {
    // One clock reading for both: read twice, a second boundary between them makes a 61 s
    // credential that subgraphs (rightly) refuse as longer than the lifetime they accept.
    const issuedAt = Math.floor(Date.now() / 1000);
    return (
      new SignJWT(claims)
        .setProtectedHeader({ alg: HUB_TOKEN_ALGORITHM, kid: keys.active.kid })
        // Each credential gets its own id, which a subgraph accepts once: one seen on the wire cannot be replayed.
        .setJti(randomUUID())
        .setSubject(subject)
        .setIssuer(HUB_TOKEN_ISSUER)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + HUB_TOKEN_LIFETIME_S)
        .sign(keys.active.key)
    );
  };
  return {
    forActor: (actor, audience) => sign(actorClaims(actor), actor.subject, audience),
    forProbe: (audience) => sign(scoped('probe'), GATEWAY_SUBJECT, audience),
    forRegistryRead: () => sign(scoped('registry'), GATEWAY_SUBJECT, PROVINCE_AUDIENCE),
    // The user travels as on their own calls, for the province to record; the scope, not their
    // role, decides what the credential opens.
    forLedgerAudit: (actor, binding) =>
      sign(
        { ...scoped('ledger-audit'), ...actorClaims(actor), [HUB_CLAIMS.binding]: binding },
        actor.subject,
        PROVINCE_AUDIENCE,
      ),
  };
}

function actorClaims(actor: Actor): JWTPayload {
  return {
    [HUB_CLAIMS.role]: actor.role,
    [HUB_CLAIMS.prefecture]: actor.prefectureCode,
    [HUB_CLAIMS.requestId]: actor.requestId,
  };
}
