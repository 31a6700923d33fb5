import { composeServices } from '@apollo/composition';
import { parse, printSchema, type DocumentNode } from 'graphql';
import { HUB_SUBGRAPH_DOCUMENT } from '../hub/hub-schema.js';

/**
 * Subgraph names of the supergraph. Their URLs in the supergraph are placeholders: the gateway
 * routes `prefecture` to shards by the registry, `province` by its config, `gateway` in process.
 */
export const SUBGRAPHS = {
  prefecture: { name: 'prefecture', url: 'http://prefecture-shards.invalid/graphql' },
  province: { name: 'province', url: 'http://province.invalid/graphql' },
  gateway: { name: 'gateway', url: 'http://gateway.invalid/graphql' },
} as const;

export interface ComposedSupergraph {
  /** Supergraph SDL the gateway serves from. */
  readonly supergraphSdl: string;
  /** The client-facing schema, without federation internals, for dashboard codegen. */
  readonly apiSdl: string;
}

/** Composes the checked-in subgraph SDLs; throws with every composition error when they clash. */
export function composeSupergraph(
  prefectureSdl: string,
  provinceSdl: string,
  hubSdl: DocumentNode = HUB_SUBGRAPH_DOCUMENT,
): ComposedSupergraph {
  const result = composeServices([
    { ...SUBGRAPHS.prefecture, typeDefs: parse(prefectureSdl) },
    { ...SUBGRAPHS.province, typeDefs: parse(provinceSdl) },
    { ...SUBGRAPHS.gateway, typeDefs: hubSdl },
  ]);
  if (result.errors) {
    throw new Error(`supergraph composition failed:\n${result.errors.map((e) => `  ${e.message}`).join('\n')}`);
  }
  return {
    supergraphSdl: result.supergraphSdl,
    apiSdl: printSchema(result.schema.toAPISchema().toGraphQLJSSchema()),
  };
}
