import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { HUB_TOKEN_ALGORITHM, HUB_TOKEN_ISSUER, type Actor } from '../../schema/contract/hub-credential.js';
import { generateGatewayKeyPair, type KeySet } from '../../lib/auth/gateway-key-pair.js';
import { loadSigningKeys } from '../../gateway/auth/signing-keys.js';
import { subgraphCredentials } from '../../gateway/auth/subgraph-credentials.js';
import type { GatewayTrust } from '../../subgraphs/lib/auth/gateway-trust.js';

/** The test "gateway" key pair, fresh per test process: no key of a test is written anywhere. */
const pair = await generateGatewayKeyPair('test-gateway-key');

/** The private JWKS a test gateway signs with (GATEWAY_SIGNING_KEYS). */
export const TEST_SIGNING_KEYS: KeySet = { keys: [pair.privateJwk] };
/** The public JWKS test subgraphs trust (GATEWAY_PUBLIC_KEYS). */
export const TEST_PUBLIC_KEYS: KeySet = { keys: [pair.publicJwk] };
/** What test subgraphs trust: the test gateway's public key, credentials of up to 60 s. */
export const TEST_GATEWAY_TRUST: GatewayTrust = { keys: { publicKeys: TEST_PUBLIC_KEYS }, maxLifetimeS: 60 };

const credentials = subgraphCredentials(await loadSigningKeys(TEST_SIGNING_KEYS));

export const officerOf = (prefectureCode: string): Actor => ({
  subject: `officer-${prefectureCode}`,
  role: 'officer',
  prefectureCode,
});
export const ADMIN: Actor = { subject: 'admin-1', role: 'admin' };
export const VIEWER: Actor = { subject: 'viewer-1', role: 'viewer' };
export const ANALYST: Actor = { subject: 'analyst-1', role: 'analyst' };

/** A credential as the test gateway signs it for `actor`, good once at `audience` (a prefecture code or `province`). */
export function hubTokenFor(actor: Actor, audience: string): Promise<string> {
  return credentials.forActor(actor, audience);
}

/** A probe credential of the test gateway for `audience`. */
export function probeTokenFor(audience: string): Promise<string> {
  return credentials.forProbe(audience);
}

/** A hand-made credential, for tests of what subgraphs refuse; defaults mirror the gateway's. */
export interface CraftedCredential {
  /** Private JWK to sign with; default the test gateway's. */
  readonly key?: JWK;
  readonly audience?: string | string[];
  readonly lifetimeS?: number;
  /** `iat`, seconds since epoch; default now. */
  readonly issuedAt?: number;
  readonly claims?: JWTPayload;
  /** Standard claims to leave out. */
  readonly omit?: readonly ('jti' | 'exp' | 'iat' | 'aud')[];
}

export async function craftCredential(crafted: CraftedCredential): Promise<string> {
  const key = crafted.key ?? pair.privateJwk;
  const iat = crafted.issuedAt ?? Math.floor(Date.now() / 1000);
  const omit = new Set(crafted.omit ?? []);
  const payload: JWTPayload = {
    role: 'viewer',
    ...crafted.claims,
    iss: HUB_TOKEN_ISSUER,
    sub: 'crafted',
    ...(omit.has('jti') ? {} : { jti: randomUUID() }),
    ...(omit.has('iat') ? {} : { iat }),
    ...(omit.has('exp') ? {} : { exp: iat + (crafted.lifetimeS ?? 60) }),
    ...(omit.has('aud') ? {} : { aud: crafted.audience ?? '530100' }),
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: HUB_TOKEN_ALGORITHM, kid: key.kid })
    .sign(await importJWK(key, HUB_TOKEN_ALGORITHM));
}

/** The test gateway's registry credential (audience `province`). */
export function registryTokenFor(): Promise<string> {
  return credentials.forRegistryRead();
}

/** The test gateway's ledger-audit credential for `actor`, bound to one request (audience `province`). */
export function ledgerAuditTokenFor(actor: Actor, binding: string): Promise<string> {
  return credentials.forLedgerAudit(actor, binding);
}
