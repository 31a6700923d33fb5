/**
 * In production (NODE_ENV=production) neither a subgraph nor the gateway gives the schema away:
 * no "Did you mean …?" for a misspelled field, no introspection; and a subgraph answers nothing,
 * introspection included, without a valid gateway token. Real processes, as deployed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGatewayKeyPair } from '../../lib/auth/gateway-key-pair.js';
import { mintUserToken } from '../../lib/auth/mint-user-token.js';
import { TEST_USER_TOKENS } from '../../bench/support/hub-harness.js';
import {
  ADMIN,
  craftCredential,
  hubTokenFor,
  TEST_PUBLIC_KEYS,
  TEST_SIGNING_KEYS,
  VIEWER,
} from '../../bench/support/hub-tokens.js';
import {
  killServerProcesses,
  startServerProcess,
  UNREACHABLE_URL,
  type ServerProcess,
} from '../support/server-process.js';

interface Answer {
  status: number;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(port: number, query: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Answer['body'] };
}

const MISSPELLED = '{ projectStats { totl } }';
const INTROSPECTION = '{ __schema { types { name } } }';

function startSubgraph(dir: string, nodeEnv: string): Promise<ServerProcess> {
  const env = {
    NODE_ENV: nodeEnv,
    PREFECTURE_CODE: '530100',
    SQLITE_PATH: join(dir, `prefecture-${nodeEnv}.sqlite`),
    GATEWAY_PUBLIC_KEYS: JSON.stringify(TEST_PUBLIC_KEYS),
  };
  return startServerProcess('subgraphs/prefecture/server.ts', env, 'prefecture subgraph ready');
}

describe('production processes keep the schema to themselves', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-quiet-'));
  let production: ServerProcess;
  let development: ServerProcess;
  let gateway: ServerProcess;
  const hubToken = async () => ({ 'x-hub-token': await hubTokenFor(VIEWER, '530100') });

  beforeAll(async () => {
    const gatewayEnv = {
      NODE_ENV: 'production',
      PROVINCE_URL: UNREACHABLE_URL,
      GATEWAY_SIGNING_KEYS: JSON.stringify(TEST_SIGNING_KEYS),
      USER_TOKEN_SECRET: TEST_USER_TOKENS.secret ?? '',
      USER_TOKEN_ISSUER: TEST_USER_TOKENS.issuer,
      USER_TOKEN_AUDIENCE: TEST_USER_TOKENS.audience,
    };
    [production, development, gateway] = await Promise.all([
      startSubgraph(dir, 'production'),
      startSubgraph(dir, 'development'),
      startServerProcess('gateway/server.ts', gatewayEnv, 'gateway ready'),
    ]);
  }, 120_000);
  afterAll(async () => {
    await killServerProcesses();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a production subgraph refuses a misspelled field without suggesting the right one', async () => {
    const quiet = await post(production.port, MISSPELLED, await hubToken());
    expect(quiet.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(quiet.body.errors?.[0].message).toContain('totl');
    expect(quiet.text).not.toMatch(/did you mean/i);
    // The same question outside production does get the suggestion: the check above can fail.
    const chatty = await post(development.port, MISSPELLED, await hubToken());
    expect(chatty.body.errors?.[0].message).toMatch(/Did you mean "total"/);
  });

  it('a production subgraph refuses introspection, even with a valid gateway token', async () => {
    const answer = await post(production.port, INTROSPECTION, await hubToken());
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors?.[0].message).toMatch(/introspection is not allowed/i);
  });

  it('any subgraph answers introspection only with a valid gateway token', async () => {
    for (const server of [production, development]) {
      const forged = await craftCredential({ key: (await generateGatewayKeyPair('test-gateway-key')).privateJwk });
      const refusedHeaders: Record<string, string>[] = [{}, { 'x-hub-token': forged }, { 'x-hub-token': 'garbage' }];
      for (const headers of refusedHeaders) {
        const answer = await post(server.port, INTROSPECTION, headers);
        expect(answer.status, JSON.stringify(headers)).toBe(401);
        expect(answer.body.data, JSON.stringify(headers)).toBeUndefined();
        expect(answer.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        expect(answer.text).not.toContain('__Schema');
      }
    }
    // With one, outside production, it does answer: the refusals above are about the token.
    const allowed = await post(development.port, INTROSPECTION, await hubToken());
    expect(allowed.text).toContain('"name":"Project"');
  });

  it('the production gateway runs only trusted documents for callers other than admins', async () => {
    const auth = { authorization: `Bearer ${await mintUserToken(VIEWER, TEST_USER_TOKENS)}` };
    const adHoc = await post(gateway.port, MISSPELLED, auth);
    expect(adHoc.status).toBe(400);
    expect(adHoc.body.errors?.[0].extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    expect(adHoc.text).not.toContain('totl');
  });

  it('the production gateway neither suggests fields nor answers introspection, even to an admin', async () => {
    // Admins may send ad-hoc documents (README, "Trusted documents"), so they reach validation.
    const auth = { authorization: `Bearer ${await mintUserToken(ADMIN, TEST_USER_TOKENS)}` };
    const misspelled = await post(gateway.port, MISSPELLED, auth);
    expect(misspelled.body.errors?.[0].message).toContain('totl');
    expect(misspelled.text).not.toMatch(/did you mean/i);
    const introspection = await post(gateway.port, INTROSPECTION, auth);
    expect(introspection.body.data ?? null).toBeNull();
    expect(introspection.text).not.toContain('"name":"Project"');
  });
});
