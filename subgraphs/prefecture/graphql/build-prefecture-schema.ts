import '../../lib/register-contract-enums.js';
import type { GraphQLSchema } from 'graphql';
import { ErrorCode, hubError } from '../../../lib/errors.js';
import { routeDirective } from '../../../schema/contract/route-directive.js';
import { buildFederatedSchema } from '../../lib/build-federated-schema.js';
import { roleAuthChecker } from '../../lib/auth/role-auth-checker.js';
import type { PrefectureContext } from '../context.js';
import { prefectureOfId } from '../domain/project-id.js';
import { LedgerImportResolver } from './resolvers/ledger-import.resolver.js';
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
      resolvers: [
        ProjectQueryResolver,
        ProjectMutationResolver,
        LedgerImportResolver,
        ProjectFieldsResolver,
        PrefectureResolver,
      ],
      directives: [routeDirective],
      authChecker: roleAuthChecker,
      validate: false,
    },
    {
      Project: {
        // A rejection fails only this representation, a synchronous throw would fail them all.
        __resolveReference(ref: { id: string }, ctx: PrefectureContext) {
          const owner = prefectureOfId(ref.id);
          if (owner !== ctx.prefectureCode) return Promise.reject(wrongPrefecture(owner, ctx));
          return ctx.loaders.project.load(ref.id);
        },
      },
      Prefecture: {
        __resolveReference(ref: { code: string }, ctx: PrefectureContext) {
          if (ref.code !== ctx.prefectureCode) return Promise.reject(wrongPrefecture(ref.code, ctx));
          return Promise.resolve({ code: ref.code });
        },
      },
    },
  );
}
