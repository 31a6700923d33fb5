import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../lib/build-federated-schema.js';
import { roleAuthChecker } from '../../lib/role-auth-checker.js';
import type { ProvinceContext } from '../context.js';
import { RegisteredPrefecture } from '../entities/registered-prefecture.entity.js';
import { PrefectureRegistryResolver } from './resolvers/prefecture-registry.resolver.js';

/** The province subgraph: the prefecture registry (metrics join it later). */
export function buildProvinceSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [PrefectureRegistryResolver], authChecker: roleAuthChecker, validate: false },
    {
      Prefecture: {
        async __resolveReference(ref: { code: string }, ctx: ProvinceContext) {
          return ctx.em.findOne(RegisteredPrefecture, { code: ref.code });
        },
      },
    },
  );
}
