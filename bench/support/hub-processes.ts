import { join } from 'node:path';
import type { KeySet } from '../../lib/auth/gateway-key-pair.js';
import { startChild, startCompiledChild, type ChildHandle } from './lifecycle.js';

export interface HubProcesses {
  readonly province: ChildHandle;
  readonly gateway: ChildHandle;
  /** The gateway's GraphQL URL. */
  readonly gatewayUrl: string;
}

/**
 * The province subgraph (SQLite in `dir`, its registry pointing at `shardUrls`) and the gateway,
 * each its own process as in production; `env` goes to both (user-token secret, NODE_ENV, log
 * level, Redis). The gateway's rate limit is out of the way of a benchmark's load.
 */
export async function startHubProcesses(options: {
  readonly dir: string;
  readonly shardUrls: Record<string, string>;
  readonly gatewayKeys: { readonly signingKeys: KeySet; readonly publicKeys: KeySet };
  readonly env: Record<string, string>;
  readonly shardTimeoutMs: number;
  /** The gateway from dist/ under plain node (`npm run build` first), as the image runs it. */
  readonly compiledGateway?: boolean;
}): Promise<HubProcesses> {
  const province = startChild('province', 'subgraphs/province/server.ts', {
    ...options.env,
    GATEWAY_PUBLIC_KEYS: JSON.stringify(options.gatewayKeys.publicKeys),
    PORT: '0',
    SQLITE_PATH: join(options.dir, 'province.sqlite'),
    INITIAL_SHARD_URLS: JSON.stringify(options.shardUrls),
  });
  const provinceUrl = (await province.waitForMessage('province subgraph ready', 60_000)).url as string;
  const gateway = (options.compiledGateway ? startCompiledChild : startChild)(
    'gateway',
    options.compiledGateway ? 'dist/gateway/server.js' : 'gateway/server.ts',
    {
      ...options.env,
      GATEWAY_SIGNING_KEYS: JSON.stringify(options.gatewayKeys.signingKeys),
      PORT: '0',
      PROVINCE_URL: provinceUrl,
      RATE_LIMIT_POINTS: '100000000',
      // The benches' own run and status queries are ad-hoc; the workers send trusted documents anyway.
      TRUSTED_DOCUMENTS_ONLY: 'false',
      SHARD_TIMEOUT_MS: String(options.shardTimeoutMs),
    },
  );
  const gatewayUrl = (await gateway.waitForMessage('gateway ready', 60_000)).url as string;
  return { province, gateway, gatewayUrl };
}
