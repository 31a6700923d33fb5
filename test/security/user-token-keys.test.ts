import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticateUser, type UserTokenOptions } from '../../lib/auth/user-token.js';

const ISSUER = 'https://idp.yunnan.example';
const AUDIENCE = 'yunnan-hub';

async function sign(
  alg: 'RS256' | 'ES256',
  privateKey: Parameters<SignJWT['sign']>[0],
  claims: Record<string, unknown>,
  kid?: string,
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, ...(kid ? { kid } : {}) })
    .setSubject('officer-7')
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime('5m')
    .sign(privateKey);
}

describe('user tokens signed by an identity provider', () => {
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;
  let jwks: Server;
  let jwksUrl: string;
  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    const keys = { keys: [{ ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' }] };
    jwks = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(keys)),
    );
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => jwks?.close(() => resolve())));

  it('accepts RS256 tokens checked with the provider’s PEM public key, and refuses others', async () => {
    const options: UserTokenOptions = {
      publicKey: await exportSPKI(rsa.publicKey),
      issuer: ISSUER,
      audience: AUDIENCE,
    };
    const token = await sign('RS256', rsa.privateKey, { role: 'officer', prefecture: '530100' });
    expect(await authenticateUser(`Bearer ${token}`, options)).toEqual({
      subject: 'officer-7',
      role: 'officer',
      prefectureCode: '530100',
    });
    const other = await generateKeyPair('RS256');
    await expect(
      authenticateUser(`Bearer ${await sign('RS256', other.privateKey, { role: 'admin' })}`, options),
    ).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const hs = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    await expect(authenticateUser(`Bearer ${hs}`, options)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('accepts ES256 tokens whose key it fetches from the provider’s JWKS, and refuses unknown keys', async () => {
    const options: UserTokenOptions = { jwksUrl, issuer: ISSUER, audience: AUDIENCE };
    const token = await sign('ES256', ec.privateKey, { role: 'viewer' }, 'ec-1');
    expect(await authenticateUser(`Bearer ${token}`, options)).toMatchObject({ subject: 'officer-7', role: 'viewer' });
    const stranger = await generateKeyPair('ES256');
    await expect(
      authenticateUser(`Bearer ${await sign('ES256', stranger.privateKey, { role: 'admin' }, 'ec-1')}`, options),
    ).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(
      authenticateUser(`Bearer ${await sign('ES256', ec.privateKey, { role: 'viewer' }, 'ec-unknown')}`, options),
    ).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a token without an expiry, though correctly signed, saying so', async () => {
    const options: UserTokenOptions = {
      publicKey: await exportSPKI(rsa.publicKey),
      issuer: ISSUER,
      audience: AUDIENCE,
    };
    const endless = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('admin-7')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(rsa.privateKey);
    await expect(authenticateUser(`Bearer ${endless}`, options)).rejects.toMatchObject({
      message: 'token has no expiry (exp)',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

describe('user tokens verified once', () => {
  const options: UserTokenOptions = {
    secret: 'a-secret-of-at-least-32-characters!!',
    issuer: ISSUER,
    audience: AUDIENCE,
  };
  const mint = (expiresAt: number, claims: Record<string, unknown> = { role: 'viewer' }) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('viewer-3')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(expiresAt)
      .sign(new TextEncoder().encode(options.secret));
  const refusal = (token: string) =>
    authenticateUser(`Bearer ${token}`, options).then(
      () => 'accepted',
      (error: Error) => error.message,
    );

  it('honours a remembered token only while it is unexpired, and never lends its verdict to an altered one', async () => {
    // A minute of life, and the clock moved past it below: a short real lifetime would expire
    // early on a machine that pauses this process for a second.
    const expiresAt = Math.floor(Date.now() / 1000) + 60;
    const token = await mint(expiresAt);
    expect(await authenticateUser(`Bearer ${token}`, options)).toEqual({ subject: 'viewer-3', role: 'viewer' });
    expect(await refusal(token)).toBe('accepted');
    // The same claims re-encoded with another role, the original signature kept: not the same string.
    const [header, , signature] = token.split('.');
    const forgedClaims = Buffer.from(
      JSON.stringify({ role: 'admin', sub: 'viewer-3', iss: ISSUER, aud: AUDIENCE, exp: expiresAt }),
    ).toString('base64url');
    expect(await refusal(`${header}.${forgedClaims}.${signature}`)).toBe('token invalid');
    // The first character, not the last: the last of a 32-byte signature carries two unused bits,
    // so changing it can leave the decoded signature as it was (and the token valid).
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect(await refusal(`${token.slice(0, token.lastIndexOf('.'))}.${flipped}`)).toBe('token invalid');
    // Past its exp the remembered verdict is void: refused as expired, as on its first use.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(expiresAt * 1000 + 50);
      expect(await refusal(token)).toBe('token expired');
    } finally {
      vi.useRealTimers();
    }
  });
});
