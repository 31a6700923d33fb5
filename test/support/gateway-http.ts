import { mintUserToken } from '../../lib/auth/mint-user-token.js';
import type { Actor } from '../../schema/contract/hub-credential.js';
import { TEST_USER_TOKENS, type HubHarness } from '../../bench/support/hub-harness.js';
import type { GraphQLResult } from '../../bench/support/prefecture-harness.js';
import { VIEWER } from '../../bench/support/hub-tokens.js';

export interface GatewayAnswer<T = Record<string, any>> {
  readonly status: number;
  readonly body: GraphQLResult<T>;
  /** Wall time of the round trip, ms. */
  readonly ms: number;
}

/** POSTs to the gateway like `hub.query`, but also gives the HTTP status and how long it took. */
export async function postToGateway<T = Record<string, any>>(
  hub: HubHarness,
  query: string,
  variables: Record<string, unknown> = {},
  actor: Omit<Actor, 'requestId'> = VIEWER,
): Promise<GatewayAnswer<T>> {
  const token = await mintUserToken(actor, TEST_USER_TOKENS);
  const started = performance.now();
  const response = await fetch(hub.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResult<T>;
  return { status: response.status, body, ms: performance.now() - started };
}

/** POSTs any JSON `body` (e.g. a trusted-document id instead of a query) to the gateway as `actor`. */
export async function postBodyToGateway<T = Record<string, any>>(
  hub: HubHarness,
  body: Record<string, unknown>,
  actor: Omit<Actor, 'requestId'> = VIEWER,
): Promise<Omit<GatewayAnswer<T>, 'ms'>> {
  const token = await mintUserToken(actor, TEST_USER_TOKENS);
  const response = await fetch(hub.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResult<T> };
}

/** The errors of an answer with the given `extensions.code`. */
export function errorsWithCode(result: GraphQLResult, code: string) {
  return (result.errors ?? []).filter((error) => error.extensions?.code === code);
}

/**
 * Re-checks every shard until all are SERVING (a few rounds at most). With a short shard timeout
 * the gateway's first contract check of a cold shard may run out of time; tests about one shard
 * misbehaving start from all of them serving.
 */
export async function untilAllServing(hub: HubHarness, rounds = 5): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    if (hub.gateway.registry.all().every((s) => s.state === 'SERVING')) return;
    await hub.gateway.refresh();
  }
  const states = hub.gateway.registry
    .all()
    .map((s) => `${s.prefectureCode} ${s.state} ${s.lastError ?? s.candidateError ?? ''}`);
  throw new Error(`shards still not serving after ${rounds} checks: ${states.join('; ')}`);
}
