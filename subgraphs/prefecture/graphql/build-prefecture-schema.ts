import '../../lib/register-contract-enums.js';
import type { GraphQLSchema } from 'graphql';
import { ErrorCode, hubError } from '../../../lib/errors.js';
import { routeDirective } from '../../../schema/contract/route-directive.js';
import { buildFederatedSchema } from '../../lib/build-federated-schema.js';
import { roleAuthChecker } from '../../lib/auth/role-auth-checker.js';
import type { PrefectureContext } from '../context.js';
import { prefectureOfId } from '../domain/project-id.js';
import { PrefectureResolver } from './resolvers/prefecture.resolver.js';
import { ProjectFieldsResolver } from './resolvers/project-fields.resolver.js';
import { ProjectMutationResolver } from './resolvers/project-mutation.resolver.js';
import { ProjectQueryResolver } from './resolvers/project-query.resolver.js';

function wrongPrefecture(code: string, ctx: PrefectureContext): Error {
  return hubError(ErrorCode.WRONG_PREFECTURE, `prefecture ${code} is not served here (this is ${ctx.prefectureCode})`, {
    prefecture: code,
  });
}

/** The prefecture contract as an executable Federation 2 subgraph schema. */
export function buildPrefectureSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [ProjectQueryResolver, ProjectMutationResolver, ProjectFieldsResolver, PrefectureResolver],
      directives: [routeDirective],
      authChecker: roleAuthChecker,
      validate: false,
    },
    {
      Project: {
        // async: a rejection fails only this representation, a synchronous throw would fail them all.
        async __resolveReference(ref: { id: string }, ctx: PrefectureContext) {
          if (prefectureOfId(ref.id) !== ctx.prefectureCode) throw wrongPrefecture(prefectureOfId(ref.id), ctx);
          return ctx.loaders.project.load(ref.id);
        },
      },
      Prefecture: {
        async __resolveReference(ref: { code: string }, ctx: PrefectureContext) {
          if (ref.code !== ctx.prefectureCode) throw wrongPrefecture(ref.code, ctx);
          return { code: ref.code };
        },
      },
    },
  );
}
