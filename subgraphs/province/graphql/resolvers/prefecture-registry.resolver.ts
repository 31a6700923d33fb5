import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { ProvinceContext } from '../../context.js';
import { RegisteredPrefecture } from '../../entities/registered-prefecture.entity.js';
import { registerShard } from '../../services/prefecture-registry.js';

@Resolver(() => RegisteredPrefecture)
export class PrefectureRegistryResolver {
  @Query(() => [RegisteredPrefecture], { description: 'Every prefecture of the registry, in GB/T 2260 order.' })
  prefectures(@Ctx() ctx: ProvinceContext): Promise<RegisteredPrefecture[]> {
    return ctx.em.find(RegisteredPrefecture, {}, { orderBy: { position: 'asc' } });
  }

  @Query(() => RegisteredPrefecture, { nullable: true })
  prefecture(@Arg('code', () => String) code: string, @Ctx() ctx: ProvinceContext): Promise<RegisteredPrefecture | null> {
    return ctx.em.findOne(RegisteredPrefecture, { code });
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
  ): Promise<RegisteredPrefecture> {
    return registerShard(ctx.em, code, url);
  }
}
