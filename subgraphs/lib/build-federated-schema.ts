import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';

/** The one Federation version every hub subgraph speaks. */
const FEDERATION_URL = 'https://specs.apollo.dev/federation/v2.7';
/** The federation directives every hub subgraph imports. */
const FEDERATION_IMPORTS = ['@key', '@shareable', '@external', '@requires'];

/** Federation directives a subgraph imports beyond FEDERATION_IMPORTS (the province: `@inaccessible`). */
type ExtraFederationImport = '@inaccessible';

function federationLink(extra: readonly ExtraFederationImport[]): string {
  const imports = [...FEDERATION_IMPORTS, ...extra].map((name) => JSON.stringify(name)).join(', ');
  return `extend schema @link(url: "${FEDERATION_URL}", import: [${imports}])`;
}

/**
 * Builds a Federation 2 subgraph schema from type-graphql resolvers. type-graphql knows nothing of
 * federation, so its schema is printed with directives, given the federation link and rebuilt by
 * @apollo/subgraph, which adds `_service` and `_entities`.
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: GraphQLResolverMap<unknown> = {},
  extraImports: readonly ExtraFederationImport[] = [],
): Promise<GraphQLSchema> {
  const schema = await buildSchema({ ...options, skipCheck: true });
  const typeDefs = parse(`${federationLink(extraImports)}\n\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, typeResolvers] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...(typeResolvers as object) };
  }
  return buildSubgraphSchema([{ typeDefs, resolvers }]);
}
