import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { ShardRegistry, ShardStatus } from '../shards/shard-registry.js';
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

/** The gateway's in-process subgraph, answering from its shard registry. */
export function buildHubSubgraphSchema(registry: ShardRegistry): GraphQLSchema {
  return buildSubgraphSchema([
    {
      typeDefs: HUB_SUBGRAPH_DOCUMENT,
      resolvers: {
        Query: {
          shards: (_root: unknown, _args: unknown, context: GatewayContext) =>
            registry.all().map((s) => present(s, context)),
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
