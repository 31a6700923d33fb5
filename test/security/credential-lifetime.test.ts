import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSigningKeys } from '../../gateway/auth/signing-keys.js';
import { subgraphCredentials } from '../../gateway/auth/subgraph-credentials.js';
import { HUB_TOKEN_LIFETIME_S } from '../../schema/contract/hub-credential.js';
import { TEST_SIGNING_KEYS, VIEWER } from '../../bench/support/hub-tokens.js';

describe('the lifetime of a gateway credential', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is exactly the configured lifetime even when the clock crosses a second while signing', async () => {
    const credentials = subgraphCredentials(await loadSigningKeys(TEST_SIGNING_KEYS));
    // Every clock reading lands a second later, as on a machine that stalls between two readings:
    // `iat` and `exp` from two readings would be 61 s apart, and every subgraph refuses that.
    const RealDate = Date;
    let now = RealDate.UTC(2026, 11, 2, 6, 0, 0, 999);
    class SteppingDate extends RealDate {
      constructor(...args: [] | [number]) {
        if (args.length) super(args[0]);
        else super((now += 1000));
      }
      static override now(): number {
        return (now += 1000);
      }
    }
    vi.stubGlobal('Date', SteppingDate);
    for (const token of [await credentials.forActor(VIEWER, '530100'), await credentials.forProbe('530100')]) {
      const { iat, exp } = decodeJwt(token);
      expect(exp! - iat!).toBe(HUB_TOKEN_LIFETIME_S);
    }
  });
});
