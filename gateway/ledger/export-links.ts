import { createHmac, hkdfSync, randomUUID, timingSafeEqual } from 'node:crypto';
import type { KeySet } from '../../lib/auth/gateway-key-pair.js';
import { hubError, ErrorCode } from '../../lib/errors.js';
import type { Actor } from '../../schema/contract/hub-credential.js';
import type { ExportRequest } from './export-request.js';

/** How long a download link opens its export: enough to click it, too short to pass around. */
const EXPORT_LINK_LIFETIME_S = 300;

export const EXPORT_DOWNLOAD_PATH = '/ledger/exports';

/** What a link carries: who minted it, what it exports, until when, and its one-use id. */
interface LinkClaims {
  readonly sub: string;
  readonly exp: number;
  readonly jti: string;
  readonly request: ExportRequest;
}

export interface ExportLink {
  /** Path on the gateway's origin, e.g. /ledger/exports?link=… */
  readonly url: string;
  readonly expiresAt: Date;
}

/**
 * Short-lived download links of exports. A link is an HMAC-signed description of the export (what
 * to read, in which format), bound to the subject that minted it, valid EXPORT_LINK_LIFETIME_S
 * seconds and usable once. It grants nothing by itself: the download must carry the same caller's
 * Bearer token, and the export reads the graph with that token's authority, so a copied link opens
 * nothing for anyone else and never more than its minter could read anyway.
 *
 * The HMAC key is derived (HKDF) from the gateway's private signing key, so replicas sharing the
 * key accept each other's links, and it is a different key from the one that signs subgraph
 * credentials: a link can never pass as a credential. One-use is per replica (kept in memory
 * until the link expires).
 */
export class ExportLinks {
  private readonly key: Buffer;
  private readonly used = new Map<string, number>();

  constructor(
    signingKeys: KeySet,
    private readonly now: () => number = Date.now,
  ) {
    const secret = signingKeys.keys[0]?.d;
    if (!secret) throw new Error('export links need the gateway’s private signing key');
    this.key = Buffer.from(
      hkdfSync('sha256', Buffer.from(secret, 'base64url'), 'yunnan-hub', 'ledger-export-link', 32),
    );
  }

  mint(actor: Actor, request: ExportRequest): ExportLink {
    const exp = Math.floor(this.now() / 1000) + EXPORT_LINK_LIFETIME_S;
    const claims: LinkClaims = { sub: actor.subject, exp, jti: randomUUID(), request };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const token = `${payload}.${this.sign(payload)}`;
    return { url: `${EXPORT_DOWNLOAD_PATH}?link=${token}`, expiresAt: new Date(exp * 1000) };
  }

  /** The export a link describes, for `actor`; refused (FORBIDDEN) when forged, expired, used or someone else's. */
  open(actor: Actor, token: string | null): ExportRequest {
    const [payload, signature, extra] = (token ?? '').split('.');
    if (!payload || !signature || extra !== undefined || !this.verify(payload, signature)) {
      throw refusal('this download link is not one the hub issued');
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
    const nowS = Math.floor(this.now() / 1000);
    if (claims.exp <= nowS) throw refusal('this download link has expired: ask for a new one');
    if (claims.sub !== actor.subject) throw refusal('this download link was issued to another user');
    this.forgetExpired(nowS);
    if (this.used.has(claims.jti)) throw refusal('this download link was already used: ask for a new one');
    this.used.set(claims.jti, claims.exp);
    return claims.request;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  private verify(payload: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private forgetExpired(nowS: number): void {
    for (const [jti, exp] of this.used) if (exp <= nowS) this.used.delete(jti);
  }
}

function refusal(message: string) {
  return hubError(ErrorCode.FORBIDDEN, message, { http: { status: 403 } });
}
