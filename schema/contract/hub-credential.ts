/**
 * The wire contract of the credentials the gateway sends to subgraphs: who signs them, what they
 * claim and how they travel. Signing lives in gateway/auth, verification in subgraphs/lib/auth;
 * both read their shared vocabulary from here.
 */

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

/** Header carrying the gateway-signed credential to subgraphs. */
export const HUB_TOKEN_HEADER = 'x-hub-token';
/** `iss` of every credential the gateway signs. */
export const HUB_TOKEN_ISSUER = 'yunnan-hub-gateway';
/** Ed25519 signatures: only the gateway holds the private key, subgraphs hold the public half. */
export const HUB_TOKEN_ALGORITHM = 'EdDSA';
/** `aud` of credentials for the province subgraph; a prefecture shard's audience is its code. */
export const PROVINCE_AUDIENCE = 'province';
/** How long the gateway makes its credentials live: a captured one is worth one call for a minute. */
export const HUB_TOKEN_LIFETIME_S = 60;

/** Private claims of a credential (the standard ones are sub, iss, aud, iat, exp, jti). */
export const HUB_CLAIMS = {
  role: 'role',
  /** The officer's prefecture. */
  prefecture: 'pref',
  /** The gateway request id. */
  requestId: 'rid',
  /** A ServiceScope for the gateway's own calls; absent on a user's call (which has a role). */
  scope: 'scope',
  /**
   * For a scope that acts for a user (ACTING_SERVICE_SCOPES): the SHA-256 of the one request the
   * credential was minted for. A credential seen on the wire cannot carry another request.
   */
  binding: 'bind',
} as const;

/**
 * Credentials the gateway signs for itself carry a scope instead of a role, and open only a few
 * root fields: `probe` (health and contract checks) reads the SDL; `registry` reads the shard URLs
 * of the province's registry; `ledger-audit` records one committed ledger import in the province's
 * audit log. None can read or write anything else.
 */
export type ServiceScope = 'probe' | 'registry' | 'ledger-audit';
export const SERVICE_SCOPE_ROOT_FIELDS: Readonly<Record<ServiceScope, readonly string[]>> = {
  probe: ['_service', '__typename'],
  // resultsVersion: the gateway's cache learns from it that a metric run wrote results.
  registry: ['prefectures', 'resultsVersion', '__typename'],
  'ledger-audit': ['recordLedgerImport'],
};
/**
 * What a scope may select below its root fields: these leaves only, no fragments. Without this
 * bound a registry credential read everything a Prefecture has (its metrics included).
 */
export const SERVICE_SCOPE_LEAVES: Readonly<Record<ServiceScope, readonly string[]>> = {
  probe: ['sdl', '__typename'],
  registry: ['code', 'shardUrl', '__typename'],
  'ledger-audit': ['id', '__typename'],
};
/**
 * The one kind of operation a scope may send. A mutation scope sends exactly one root field per
 * request: one credential, one write.
 */
export const SERVICE_SCOPE_OPERATION: Readonly<Record<ServiceScope, 'query' | 'mutation'>> = {
  probe: 'query',
  registry: 'query',
  'ledger-audit': 'mutation',
};
/**
 * Scopes whose credential acts for a user: it carries that user (`sub`, role, prefecture, request
 * id, as a user's credential does) for the subgraph to record, and the `binding` of its one
 * request. The user's role opens nothing: only the scope does.
 */
export const ACTING_SERVICE_SCOPES: readonly ServiceScope[] = ['ledger-audit'];

/**
 * What `@Authorized` lists to let a service scope read a field otherwise kept for some role, e.g.
 * `@Authorized('admin', scopeGrant('registry'))` on the registry's shard URL.
 */
export function scopeGrant(scope: ServiceScope): string {
  return `service:${scope}`;
}

/**
 * Start of the message a subgraph refuses a credential addressed to another audience with; the
 * gateway's probe reads it to tell "this URL serves another prefecture" from an outage.
 */
export const WRONG_AUDIENCE_REFUSAL = 'hub token is addressed to another audience';
