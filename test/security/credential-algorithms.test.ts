/**
 * Credentials forged without the gateway's private key, by algorithm tricks: `alg: none`, HS256
 * keyed with the (public) gateway key, and odd claims. Each is refused at a real shard over HTTP
 * and writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT, base64url, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_TOKEN_ISSUER } from '../../schema/contract/hub-credential.js';
import { craftCredential, officerOf, TEST_PUBLIC_KEYS } from '../../bench/support/hub-tokens.js';
import { startPrefectureHarness, type PrefectureHarness } from '../../bench/support/prefecture-harness.js';
import { projectInput, tableCounts } from '../../bench/support/project-fixtures.js';

const CODE = '530100';
const CREATE = 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }';
const now = () => Math.floor(Date.now() / 1000);

/** The claims the gateway would sign for an officer of CODE. */
const officerClaims = (): JWTPayload => ({
  iss: HUB_TOKEN_ISSUER,
  sub: officerOf(CODE).subject,
  aud: CODE,
  jti: randomUUID(),
  iat: now(),
  exp: now() + 60,
  role: 'officer',
  pref: CODE,
});

const publicJwk = TEST_PUBLIC_KEYS.keys[0];

describe('credentials forged by algorithm or claim tricks', () => {
  let shard: PrefectureHarness;
  let url: string;

  beforeAll(async () => {
    shard = await startPrefectureHarness('sqlite', CODE);
    url = await shard.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await shard?.close();
  });

  const hmacWith = (secret: Uint8Array) => async () =>
    new SignJWT(officerClaims()).setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid }).sign(secret);
  const forgeries: [string, () => Promise<string>][] = [
    ['alg none', () => Promise.resolve(new UnsecuredJWT(officerClaims()).encode())],
    [
      'alg none under the trusted kid',
      () => {
        const [, payload] = new UnsecuredJWT(officerClaims()).encode().split('.');
        const header = base64url.encode(JSON.stringify({ alg: 'none', kid: publicJwk.kid }));
        return Promise.resolve(`${header}.${payload}.`);
      },
    ],
    ['HS256 keyed with the public key bytes', hmacWith(base64url.decode(String(publicJwk.x)))],
    ['HS256 keyed with the public JWK text', hmacWith(new TextEncoder().encode(JSON.stringify(publicJwk)))],
    ['the province as audience', () => craftCredential({ audience: 'province', claims: { role: 'admin' } })],
    ['two prefecture codes as audience', () => craftCredential({ audience: [CODE, '530300'] })],
    ['an expiry far in the future', () => craftCredential({ audience: CODE, lifetimeS: 10 ** 9 })],
    ['a negative expiry', () => craftCredential({ audience: CODE, issuedAt: -120, lifetimeS: 60 })],
    [
      'an issue time far in the past',
      () => craftCredential({ audience: CODE, issuedAt: now() - 86_400, lifetimeS: 60 }),
    ],
  ];
  it.each(forgeries)('%s is refused with 401 and writes nothing', async (_what, forge) => {
    const before = await tableCounts(shard);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-token': await forge() },
      body: JSON.stringify({ query: CREATE, variables: { input: projectInput(CODE) } }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    expect(response.status, JSON.stringify(body)).toBe(401);
    expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
    expect(await tableCounts(shard)).toEqual(before);
  });

  it('a credential signed as the gateway signs is served (the refusals above are about the tricks)', async () => {
    const token = await craftCredential({ audience: CODE, claims: { role: 'officer', pref: CODE } });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-token': token },
      body: JSON.stringify({ query: CREATE, variables: { input: projectInput(CODE) } }),
    });
    const body = (await response.json()) as { data?: { createProject?: { id: string } } };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.data?.createProject?.id.startsWith(`${CODE}-`)).toBe(true);
  });
});
