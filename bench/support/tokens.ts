import { randomBytes } from 'node:crypto';
import { HUB_TOKEN_HEADER, signHubToken, type Actor } from '../../schema/contract/actor.js';

/** A fresh secret per run: nothing the benchmark starts accepts a token from anywhere else. */
export function benchSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Headers a subgraph accepts: a gateway-signed hub token. Hub tokens live 60 s, so the token is
 * re-signed every 20 s; signing is kept out of the timed request.
 */
export function hubTokenHeaders(secret: string, actor: Actor = { subject: 'bench', role: 'viewer' }) {
  let token = '';
  let signedAt = 0;
  return {
    async refresh(): Promise<void> {
      if (Date.now() - signedAt < 20_000) return;
      token = await signHubToken(actor, secret);
      signedAt = Date.now();
    },
    /** Call `refresh()` first (outside the timed part). */
    get headers(): Record<string, string> {
      return { [HUB_TOKEN_HEADER]: token };
    },
  };
}
