import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { ProvinceContext } from '../../context.js';
import { AuditEntry, RegisteredPrefecture } from '../../../../lib/hub-database/entities/index.js';
import { registerShard } from '../../services/prefecture-registry.js';
import { provinceWrite, type ProvinceAnswer } from '../../services/province-write.js';
import { registeredPrefectures } from '../../../../lib/hub-database/store/registry.store.js';

/** A retry answers the prefecture's registration as it stands. */
const REGISTRATION_ANSWER: ProvinceAnswer<RegisteredPrefecture> = {
  save: (prefecture) => prefecture.code,
  replay: (ctx, code) => ctx.em.findOneOrFail(RegisteredPrefecture, { code: String(code) }),
};

@Resolver(() => RegisteredPrefecture)
export class PrefectureRegistryResolver {
  @Query(() => [RegisteredPrefecture], { description: 'Every prefecture of the registry, in GB/T 2260 order.' })
  prefectures(@Ctx() ctx: ProvinceContext): Promise<RegisteredPrefecture[]> {
    return registeredPrefectures(ctx.em);
  }

  @Query(() => RegisteredPrefecture, { nullable: true })
  prefecture(
    @Arg('code', () => String) code: string,
    @Ctx() ctx: ProvinceContext,
  ): Promise<RegisteredPrefecture | null> {
    return ctx.em.findOne(RegisteredPrefecture, { code });
  }

  @Authorized('admin')
  @Query(() => [AuditEntry], { description: 'The newest writes to the hub first (admins only).' })
  auditLog(
    @Ctx() ctx: ProvinceContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
  ): Promise<AuditEntry[]> {
    return ctx.em.find(AuditEntry, {}, { orderBy: { id: 'desc' }, limit: Math.min(Math.max(first, 1), 500) });
  }

  @Authorized('admin')
  @Mutation(() => RegisteredPrefecture, {
    description:
      'Points a prefecture at the URL of its subgraph. The gateway checks the new shard against the contract ' +
      'and switches to it only when compatible; until then the old one keeps serving.',
  })
  registerPrefectureShard(
    @Arg('code', () => String) code: string,
    @Arg('url', () => String) url: string,
    @Ctx() ctx: ProvinceContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RegisteredPrefecture> {
    const register = (tx: ProvinceContext) => registerShard(tx.em, tx.actor, code, url);
    return provinceWrite(ctx, info, { code, url }, REGISTRATION_ANSWER, register);
  }
}
