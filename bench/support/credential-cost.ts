import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { generateGatewayKeyPair } from '../../lib/auth/gateway-key-pair.js';
import { loadSigningKeys } from '../../gateway/auth/signing-keys.js';
import { subgraphCredentials } from '../../gateway/auth/subgraph-credentials.js';
import { credentialGate } from '../../subgraphs/lib/auth/credential-gate.js';
import type { Actor } from '../../schema/contract/hub-credential.js';

/** Per-call cost of a subgraph credential, microseconds (median over the calls). */
export interface CredentialCost {
  /** Ed25519: the gateway signs one credential, the subgraph verifies it (keys, claims, replay guard). */
  readonly ed25519Us: number;
  /** The design it replaced: one HS256 token signed and verified with a shared secret. */
  readonly hs256Us: number;
}

const ACTOR: Actor = { subject: 'bench-viewer', role: 'viewer', requestId: 'bench' };
const AUDIENCE = '530100';

/**
 * Signs and verifies `calls` credentials each way, interleaved so both see the same machine load.
 * What a `project(id)` through the gateway pays for its credential is one sign and one verify.
 */
export async function measureCredentialCost(calls = 3_000): Promise<CredentialCost> {
  const pair = await generateGatewayKeyPair('bench-key');
  const credentials = subgraphCredentials(await loadSigningKeys({ keys: [pair.privateJwk] }));
  const admit = credentialGate({ keys: { publicKeys: { keys: [pair.publicJwk] } }, maxLifetimeS: 60 }, AUDIENCE);
  const secret = new TextEncoder().encode(randomUUID() + randomUUID());
  const hs256 = async () => {
    const token = await new SignJWT({ role: ACTOR.role, rid: ACTOR.requestId })
      .setProtectedHeader({ alg: 'HS256' })
      .setJti(randomUUID())
      .setSubject(ACTOR.subject)
      .setIssuer('bench')
      .setAudience('bench')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(secret);
    await jwtVerify(token, secret, { issuer: 'bench', audience: 'bench', algorithms: ['HS256'] });
  };
  const ed25519 = async () => {
    await admit(await credentials.forActor(ACTOR, AUDIENCE));
  };
  const times = { ed25519: [] as number[], hs256: [] as number[] };
  for (let i = 0; i < calls + 200; i++) {
    for (const [name, run] of [
      ['ed25519', ed25519],
      ['hs256', hs256],
    ] as const) {
      const started = performance.now();
      await run();
      // The first 200 rounds warm up the JIT and jose's key caches.
      if (i >= 200) times[name].push((performance.now() - started) * 1000);
    }
  }
  return { ed25519Us: median(times.ed25519), hs256Us: median(times.hs256) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] * 10) / 10;
}
