import type { EntityManager } from '@mikro-orm/knex';
import type { GraphQLResolveInfo } from 'graphql';
import { fieldIdempotencyKey } from '../../../lib/idempotency-key.js';
import { runIdempotent } from '../../lib/idempotency/idempotent-write.js';
import type { ProvinceContext } from '../context.js';

/** How a province mutation's first answer is kept and given again to a retry. */
export interface ProvinceAnswer<T> {
  readonly save: (result: T) => unknown;
  readonly replay: (ctx: ProvinceContext, saved: unknown) => Promise<T>;
}

/**
 * Runs a province mutation in one transaction, at most once per Idempotency-Key of its caller.
 * The gateway sends the request's key once for all province fields of a request, so each field
 * scopes it with its response key, as the gateway does for every shard call.
 */
export function provinceWrite<T>(
  ctx: ProvinceContext,
  info: GraphQLResolveInfo,
  args: unknown,
  answer: ProvinceAnswer<T>,
  work: (tx: ProvinceContext) => Promise<T>,
): Promise<T> {
  const within = (em: EntityManager): ProvinceContext => ({ ...ctx, em });
  return runIdempotent(
    ctx.em,
    {
      scope:
        ctx.idempotencyKey === null
          ? null
          : { subject: ctx.actor.subject, key: fieldIdempotencyKey(ctx.idempotencyKey, String(info.path.key)) },
      operation: info.fieldName,
      args,
      save: answer.save,
      replay: (em, saved) => answer.replay(within(em), saved),
    },
    (tx) => work(within(tx)),
  );
}
