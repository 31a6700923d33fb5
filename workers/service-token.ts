import { mintUserToken } from '../lib/auth/mint-user-token.js';
import type { UserTokenOptions } from '../lib/auth/user-token.js';

/**
 * The workers' own identity towards the gateway (an analyst named `metrics-worker`): a token
 * minted for an hour and renewed ten minutes before it expires.
 */
export function serviceTokenSource(options: UserTokenOptions, subject = 'metrics-worker'): () => Promise<string> {
  let token: { value: Promise<string>; renewAt: number } | null = null;
  return () => {
    if (!token || Date.now() >= token.renewAt) {
      token = { value: mintUserToken({ subject, role: 'analyst' }, options, '1h'), renewAt: Date.now() + 50 * 60_000 };
    }
    return token.value;
  };
}
