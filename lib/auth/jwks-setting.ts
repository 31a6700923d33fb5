import type { JWK } from 'jose';
import { z } from 'zod';
import type { KeySet } from './gateway-key-pair.js';

const ed25519Jwk = z
  .object({
    kty: z.literal('OKP', { errorMap: () => ({ message: 'every key must be an Ed25519 key (kty OKP)' }) }),
    crv: z.literal('Ed25519', { errorMap: () => ({ message: 'every key must be an Ed25519 key (crv Ed25519)' }) }),
    x: z.string({ required_error: 'every key needs its public part x' }).min(1),
    d: z.string().min(1).optional(),
    kid: z.string({ required_error: 'every key needs a kid (credentials name the key they were signed with)' }).min(1),
  })
  .passthrough();

const keySet = z.object(
  {
    keys: z
      .array(ed25519Jwk, { required_error: 'must be a JSON object {"keys":[…]}' })
      .min(1, 'must hold at least one key'),
  },
  { invalid_type_error: 'must be a JSON object {"keys":[…]}' },
);

/**
 * A setting holding a JSON Web Key Set of Ed25519 keys (`{"keys":[…]}`), each with its own `kid`.
 * `private`: the gateway's signing keys, each with its private part. `public`: what a subgraph
 * trusts, refused when it holds a private key (a subgraph that could sign could impersonate the gateway).
 */
export function jwksSetting(half: 'private' | 'public', what: string) {
  return z.string({ required_error: `is required: ${what}` }).transform((text, ctx): KeySet => {
    const problem = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return problem('must be a JSON Web Key Set: {"keys":[…]} (see README, "Rotating the gateway key")');
    }
    const parsed = keySet.safeParse(json);
    if (!parsed.success) return problem(parsed.error.issues.map((issue) => issue.message).join('; '));
    const { keys } = parsed.data;
    const kids = keys.map((key) => key.kid);
    const repeated = kids.find((kid, i) => kids.indexOf(kid) !== i);
    if (repeated) return problem(`kid ${repeated} is used by more than one key`);
    for (const key of keys) {
      if (half === 'public' && key.d) {
        return problem(`key ${key.kid} holds a private key; subgraphs need only the public half`);
      }
      if (half === 'private' && !key.d) {
        return problem(`key ${key.kid} is only a public key; the gateway signs with private keys`);
      }
    }
    return { keys: keys.map((key): JWK => ({ ...key })) };
  });
}
