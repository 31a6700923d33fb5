/**
 * Mints a user token: signed with USER_TOKEN_SECRET (and USER_TOKEN_ISSUER/AUDIENCE) when set, as
 * in the gateway's container, else with data/dev-secrets.json (HUB_DATA_DIR), which `npm start` creates. Usage: npm run token -- viewer | analyst | admin | officer <prefecture code> [subject]
 */
import { mintUserToken } from '../lib/auth/mint-user-token.js';
import { ROLES, type Role } from '../schema/contract/hub-credential.js';
import { isPrefectureCode } from '../schema/prefectures.js';
import { devGatewayUrl } from '../lib/one-machine/hub-url.js';
import { DEV_TOKEN_AUDIENCE, DEV_TOKEN_ISSUER, loadOrCreateDevSecrets } from '../lib/auth/dev-secrets.js';

const [role, ...rest] = process.argv.slice(2) as [Role, ...string[]];
if (!ROLES.includes(role)) {
  console.error(`usage: npm run token -- <${ROLES.join('|')}> [prefecture code, for officers] [subject]`);
  process.exit(2);
}
const prefectureCode = role === 'officer' ? rest.shift() : undefined;
if (role === 'officer' && (!prefectureCode || !isPrefectureCode(prefectureCode))) {
  console.error(
    'an officer token needs the prefecture code the officer works for, e.g. npm run token -- officer 530100',
  );
  process.exit(2);
}
const subject = rest[0] ?? (prefectureCode ? `officer-${prefectureCode}` : `${role}-dev`);
// Inside a deployment (e.g. `docker compose exec gateway npm run --silent token -- viewer`) the
// gateway's own USER_TOKEN_* settings sign the token; on a one-machine install, data/dev-secrets.json.
const secret = process.env.USER_TOKEN_SECRET || loadOrCreateDevSecrets().userTokenSecret;
const issuer = process.env.USER_TOKEN_ISSUER || DEV_TOKEN_ISSUER;
const audience = process.env.USER_TOKEN_AUDIENCE || DEV_TOKEN_AUDIENCE;
console.log(await mintUserToken({ subject, role, prefectureCode }, { secret, issuer, audience }));
// On stderr, so `$(npm run --silent token -- viewer)` still captures the token alone.
if (!process.env.USER_TOKEN_SECRET) console.error(`for the hub at ${process.env.GATEWAY_URL || devGatewayUrl()}`);
