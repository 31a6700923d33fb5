import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { ShardRegistry, ShardStatus } from '../shards/shard-registry.js';
import type { ExportLinks } from '../ledger/export-links.js';
import { exportRequestOf } from '../ledger/export-request.js';
import type { GraphExecutor } from '../ledger/graph-executor.js';
import { checkExport, ExportIncomplete } from '../ledger/ledger-exports.js';
import { ErrorCode, hubError } from '../../lib/errors.js';
import type { Actor } from '../../schema/contract/hub-credential.js';
import { HUB_SUBGRAPH_DOCUMENT } from './hub-schema.js';

/** URLs say where prefectures' servers are: only admins see them. */
function present(status: ShardStatus, context: GatewayContext) {
  const admin = context.actor.role === 'admin';
  return {
    ...status,
    url: admin ? status.url : null,
    candidateUrl: admin ? status.candidateUrl : null,
    checkedAt: status.checkedAt?.toISOString() ?? null,
  };
}

/** What the gateway's subgraph needs to mint export links. */
export interface HubExports {
  readonly links: ExportLinks;
  readonly executorFor: (actor: Actor) => GraphExecutor;
}

/** The gateway's in-process subgraph, answering from its shard registry (and minting export links). */
export function buildHubSubgraphSchema(registry: ShardRegistry, exports: HubExports): GraphQLSchema {
  return buildSubgraphSchema([
    {
      typeDefs: HUB_SUBGRAPH_DOCUMENT,
      resolvers: {
        Query: {
          shards: (_root: unknown, _args: unknown, context: GatewayContext) =>
            registry.all().map((s) => present(s, context)),
          ledgerExport: async (
            _root: unknown,
            args: { input: Parameters<typeof exportRequestOf>[0] },
            context: GatewayContext,
          ) => {
            const request = exportRequestOf(args.input);
            // Checked now, so a bad filter or a missing prefecture is the caller's answer, not a broken download.
            try {
              await checkExport(exports.executorFor(context.actor), request);
            } catch (error) {
              if (error instanceof ExportIncomplete) throw hubError(ErrorCode.PREFECTURE_UNAVAILABLE, error.message);
              throw error;
            }
            const link = exports.links.mint(context.actor, request);
            return { url: link.url, expiresAt: link.expiresAt.toISOString() };
          },
        },
        Prefecture: {
          __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
          shard: (prefecture: { code: string }, _args: unknown, context: GatewayContext) => {
            const status = registry.get(prefecture.code);
            return status
              ? present(status, context)
              : {
                  prefectureCode: prefecture.code,
                  state: 'UNKNOWN',
                  compatible: null,
                  url: null,
                  lastLatencyMs: null,
                  lastError: 'not in this gateway’s shard table',
                  checkedAt: null,
                  candidateUrl: null,
                  candidateError: null,
                };
          },
        },
      } as never,
    },
  ]);
}
