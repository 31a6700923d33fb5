import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { unauthenticated } from '../errors.js';
import { ROLES, type Actor, type Role } from '../../schema/contract/hub-credential.js';
import { isPrefectureCode } from '../../schema/prefectures.js';

/** How the gateway checks users' bearer tokens: exactly one key source, plus issuer and audience. */
export interface UserTokenOptions {
  /** HS256 shared secret (one-machine mode); at least 32 characters. */
  readonly secret?: string;
  /** PEM public key of the identity provider (RS256 for RSA keys, ES256 for EC keys). */
  readonly publicKey?: string;
  /** JWKS URL of the identity provider; keys are fetched and cached by `kid`. */
  readonly jwksUrl?: string;
  readonly issuer: string;
  readonly audience: string;
}

type VerificationKey = { key: Uint8Array | KeyObject | JWTVerifyGetKey; algorithms: string[] };
const keys = new WeakMap<UserTokenOptions, VerificationKey>();

/** The key and accepted algorithms of the options, built once (a JWKS set caches its keys). */
function verificationKey(options: UserTokenOptions): VerificationKey {
  let key = keys.get(options);
  if (key) return key;
  if (options.jwksUrl) key = { key: createRemoteJWKSet(new URL(options.jwksUrl)), algorithms: ['RS256', 'ES256'] };
  else if (options.publicKey) {
    const publicKey = createPublicKey(options.publicKey);
    key = { key: publicKey, algorithms: [publicKey.asymmetricKeyType === 'ec' ? 'ES256' : 'RS256'] };
  } else if (options.secret) key = { key: createSecretKey(Buffer.from(options.secret, 'utf8')), algorithms: ['HS256'] };
  else throw new Error('user tokens need a secret, a public key or a JWKS URL');
  keys.set(options, key);
  return key;
}

type UserCaller = Omit<Actor, 'requestId'>;

/**
 * Tokens already verified, by their exact text: a dashboard sends the same token with every request,
 * and checking its signature again (an HMAC or RSA verification, claims parsed) was a good part
 * of the gateway's work on a cached answer. Only the identical string hits, so a forged or altered
 * token is always verified in full. An entry is used while the token is unexpired and for at most
 * REVERIFY_AFTER_MS: a key the identity provider withdraws from its JWKS stops being honoured
 * within about as long as jose's own JWKS cache takes to notice.
 */
const REVERIFY_AFTER_MS = 60_000;
const MAX_REMEMBERED_TOKENS = 10_000;
interface Verified {
  readonly caller: UserCaller;
  /** The token's `exp`, in ms. */
  readonly expiresAtMs: number;
  readonly verifiedAtMs: number;
}
const verifiedTokens = new WeakMap<UserTokenOptions, LRUCache<string, Verified>>();

function rememberedCaller(options: UserTokenOptions, token: string): UserCaller | null {
  const entry = verifiedTokens.get(options)?.get(token);
  if (!entry) return null;
  const now = Date.now();
  return now < entry.expiresAtMs && now - entry.verifiedAtMs < REVERIFY_AFTER_MS ? entry.caller : null;
}

function remember(options: UserTokenOptions, token: string, caller: UserCaller, exp: number): void {
  let tokens = verifiedTokens.get(options);
  if (!tokens) {
    tokens = new LRUCache({ max: MAX_REMEMBERED_TOKENS });
    verifiedTokens.set(options, tokens);
  }
  tokens.set(token, { caller, expiresAtMs: exp * 1000, verifiedAtMs: Date.now() });
}

/**
 * Verifies `Authorization: Bearer <jwt>` and returns the caller. Claims: `sub`, `role` (viewer,
 * analyst, officer, admin) and, for officers, `prefecture` (the code they may write).
 * Any problem is UNAUTHENTICATED with HTTP 401 and no data.
 */
export async function authenticateUser(
  authorization: string | undefined,
  options: UserTokenOptions,
): Promise<UserCaller> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) {
    throw unauthenticated(
      'missing bearer token: send Authorization: Bearer <token> (see README, "Security")',
      '缺少登录令牌：请在请求头中发送 Authorization: Bearer <令牌>',
    );
  }
  const remembered = rememberedCaller(options, token);
  if (remembered) return remembered;
  return verifyUserToken(token, options);
}

async function verifyUserToken(token: string, options: UserTokenOptions): Promise<UserCaller> {
  let payload: JWTPayload;
  const { key, algorithms } = verificationKey(options);
  const verifyOptions: JWTVerifyOptions = { issuer: options.issuer, audience: options.audience, algorithms };
  try {
    // jose types the key-function and the plain-key overloads apart.
    ({ payload } =
      typeof key === 'function'
        ? await jwtVerify(token, key, verifyOptions)
        : await jwtVerify(token, key, verifyOptions));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthenticated('token expired', '登录令牌已过期，请重新获取');
    if (error instanceof joseErrors.JWTClaimValidationFailed)
      throw unauthenticated(
        `token rejected: ${error.claim} claim is not acceptable`,
        `登录令牌被拒绝：${error.claim} 声明不可接受`,
      );
    throw unauthenticated('token invalid', '登录令牌无效');
  }
  // A token without expiry would be a password that never changes: refused, whoever signed it.
  if (payload.exp === undefined)
    throw unauthenticated('token has no expiry (exp)', '登录令牌没有有效期（exp），不予接受');
  const role = payload.role as Role;
  if (!payload.sub || !ROLES.includes(role))
    throw unauthenticated('token lacks a subject or a known role', '登录令牌缺少用户或有效角色');
  const prefecture = payload.prefecture;
  if (role === 'officer' && (typeof prefecture !== 'string' || !isPrefectureCode(prefecture))) {
    throw unauthenticated(
      'an officer token must name the prefecture code the officer works for',
      '经办人员的登录令牌必须注明其所属州市代码',
    );
  }
  // Frozen: the same object answers every request that sends this token.
  const caller = Object.freeze({
    subject: payload.sub,
    role,
    prefectureCode: role === 'officer' ? (prefecture as string) : undefined,
  });
  remember(options, token, caller, payload.exp);
  return caller;
}
