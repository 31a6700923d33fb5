import { unauthenticated } from '../../../lib/errors.js';
import { HUB_TOKEN_HEADER } from '../../../schema/contract/hub-credential.js';
import { gatewayKeyLookup, type GatewayTrust } from './gateway-trust.js';
import { ReplayGuard } from './replay-guard.js';
import { CLOCK_SKEW_S, HubCredentialError, verifyHubCredential, type VerifiedCredential } from './verify-credential.js';

/**
 * The door of a subgraph: admits a request only with a gateway credential for this subgraph's
 * audience, valid and never seen before. Any refusal is UNAUTHENTICATED with HTTP 401.
 */
export function credentialGate(
  trust: GatewayTrust,
  audience: string,
): (token: string | undefined) => Promise<VerifiedCredential> {
  const rules = { keys: gatewayKeyLookup(trust.keys), audience, maxLifetimeS: trust.maxLifetimeS };
  const replays = new ReplayGuard();
  return async (token) => {
    if (!token) {
      throw unauthenticated(`missing ${HUB_TOKEN_HEADER}: subgraphs accept only requests signed by the gateway`);
    }
    let verified: VerifiedCredential;
    try {
      verified = await verifyHubCredential(token, rules);
    } catch (error) {
      if (error instanceof HubCredentialError) throw unauthenticated(error.message);
      throw error;
    }
    // A credential verifies until CLOCK_SKEW_S past its exp: its id is remembered as long, or a
    // replay in that last window would be taken for a first use.
    if (!replays.accept(verified.tokenId, verified.expiresAt + CLOCK_SKEW_S * 1000)) {
      throw unauthenticated('hub token already used: tokens are single-use');
    }
    return verified;
  };
}
