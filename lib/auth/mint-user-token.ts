import { SignJWT } from 'jose';
import type { Actor } from '../../schema/contract/hub-credential.js';

/** What minting a user token needs: the HS256 secret shared with the gateway, issuer and audience. */
export interface UserTokenMintOptions {
  readonly secret?: string;
  readonly issuer: string;
  readonly audience: string;
}

/**
 * Mints an HS256 user token the gateway accepts (one-machine mode, the workers' service identity,
 * tests; production user tokens come from the identity provider). Always with an expiry: the
 * gateway refuses tokens without one.
 */
export function mintUserToken(
  actor: Omit<Actor, 'requestId'>,
  options: UserTokenMintOptions,
  expiresIn = '12h',
): Promise<string> {
  if (!options.secret) throw new Error('minting user tokens needs the HS256 secret (USER_TOKEN_SECRET)');
  return new SignJWT({ role: actor.role, prefecture: actor.prefectureCode })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(actor.subject)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(options.secret));
}
