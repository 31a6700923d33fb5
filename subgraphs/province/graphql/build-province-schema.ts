import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../lib/build-federated-schema.js';
import { roleAuthChecker } from '../../lib/auth/role-auth-checker.js';
import type { ProvinceContext } from '../context.js';
import { RegisteredPrefecture } from '../../../lib/hub-database/entities/index.js';
import '../../lib/register-contract-enums.js';
import { LedgerImportAuditResolver } from './resolvers/ledger-import-audit.resolver.js';
import { MetricRunsResolver } from './resolvers/metric-runs.resolver.js';
import { MetricsResolver } from './resolvers/metrics.resolver.js';
import { PrefectureRegistryResolver } from './resolvers/prefecture-registry.resolver.js';
import { StallResolver } from './resolvers/stall.resolver.js';

/**
 * The province subgraph: the prefecture registry, metrics, stall flags, the metric jobs' controls
 * and the audit log. It imports `@inaccessible` for what only the gateway calls (ledger audit).
 */
export function buildProvinceSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [
        PrefectureRegistryResolver,
        MetricsResolver,
        StallResolver,
        MetricRunsResolver,
        LedgerImportAuditResolver,
      ],
      authChecker: roleAuthChecker,
      validate: false,
    },
    {
      Prefecture: {
        __resolveReference(ref: { code: string }, ctx: ProvinceContext) {
          return ctx.em.findOne(RegisteredPrefecture, { code: ref.code });
        },
      },
      // The province knows a project only by id; its own fields (stall) resolve from that.
      Project: {
        __resolveReference(ref: { id: string }) {
          return { id: ref.id };
        },
      },
    },
    ['@inaccessible'],
  );
}
