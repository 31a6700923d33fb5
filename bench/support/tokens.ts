import { randomBytes } from 'node:crypto';
import { HUB_TOKEN_HEADER, signHubToken, type Actor } from '../../schema/contract/actor.js';

/** A fresh secret per run: nothing the benchmark starts accepts a token from anywhere else. */
export function benchSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Headers a subgraph accepts: a gateway-signed hub token. Subgraphs may accept a token only once
 * (replay protection), so every request gets a freshly signed one; callers sign before they
 * start the clock, so signing is not part of a measured latency.
 */
export function hubTokens(secret: string, actor: Actor = { subject: 'bench', role: 'viewer' }) {
  return {
    async headers(): Promise<Record<string, string>> {
      return { [HUB_TOKEN_HEADER]: await signHubToken(actor, secret) };
    },
  };
}
