/**
 * Gateway signing keys for operators (see README, "Rotating the gateway key").
 *   npm run keys -- generate [--kid K]
 * prints a new private JWK (to add to the gateway's GATEWAY_SIGNING_KEYS) and the public JWKS of
 * it (for the subgraphs' GATEWAY_PUBLIC_KEYS). Nothing is written to disk.
 */
import { generateGatewayKeyPair } from '../lib/auth/gateway-key-pair.js';

const USAGE = 'usage: npm run keys -- generate [--kid <key id>]';

const [command, ...rest] = process.argv.slice(2);
if (command !== 'generate') fail(command ? `unknown command "${command}"` : 'no command given');
let kid: string | undefined;
for (let i = 0; i < rest.length; i++) {
  if (rest[i] !== '--kid') fail(`unknown option "${rest[i]}"`);
  kid = rest[++i];
  if (!kid || !/^[\w.-]{1,64}$/.test(kid)) {
    fail('--kid needs a key id of letters, digits, ".", "-" or "_" (at most 64)');
  }
}
const defaultKid = `gateway-${new Date().toISOString().slice(0, 10)}`;
const { privateJwk, publicJwk } = await generateGatewayKeyPair(kid ?? defaultKid);
console.log('# Private JWK: add it to the gateway\'s GATEWAY_SIGNING_KEYS ({"keys":[…]}); keep it secret.');
console.log(JSON.stringify(privateJwk));
console.log("# Its public JWKS: add the key to every subgraph's GATEWAY_PUBLIC_KEYS (or they fetch GATEWAY_JWKS_URL)");
console.log(JSON.stringify({ keys: [publicJwk] }));

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}
