import { Field, Int, ObjectType } from 'type-graphql';
import { MoneyScalar } from '../../../../lib/graphql/scalars/money.scalar.js';

/** Counts per lifecycle stage. */
@ObjectType()
export class ProjectStageCounts {
  @Field(() => Int) negotiating = 0;
  @Field(() => Int) signed = 0;
  @Field(() => Int) preparing = 0;
  @Field(() => Int) underConstruction = 0;
  @Field(() => Int) partiallyProducing = 0;
  @Field(() => Int) operating = 0;
  @Field(() => Int) atCapacity = 0;
  @Field(() => Int) terminated = 0;
}

/**
 * Additive figures over the projects matching a filter. Every leaf is a count or a sum so that
 * shards' answers merge by addition (the gateway's SUM merge); rates are computed from these,
 * never averaged.
 */
@ObjectType()
export class ProjectStats {
  @Field(() => Int, { description: 'Projects matching the filter.' }) total = 0;
  @Field(() => Int, {
    description:
      'Of those, projects that reached signing or beyond (terminated included): the denominator of every rate.',
  })
  signed = 0;
  @Field(() => Int, { description: 'Signed projects with a registered local company (default 落地 numerator).' })
  withRegisteredCompany = 0;
  @Field(() => ProjectStageCounts) byStage: ProjectStageCounts = new ProjectStageCounts();
  @Field(() => MoneyScalar, { description: 'Agreed investment of the projects matching the filter.' })
  agreedInvestment: bigint = 0n;
  @Field(() => MoneyScalar, { description: 'Funds in place of the projects matching the filter.' })
  fundsInPlace: bigint = 0n;
  @Field(() => MoneyScalar) investmentCompleted: bigint = 0n;
}
