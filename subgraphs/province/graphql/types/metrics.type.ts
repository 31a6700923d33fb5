import { Field, Float, Int, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '../../../../lib/graphql/scalars/local-date.scalar.js';
import { MoneyScalar } from '../../../../lib/graphql/scalars/money.scalar.js';

@ObjectType({ description: 'Projects per lifecycle stage.' })
export class StageCounts {
  @Field(() => Int) negotiating!: number;
  @Field(() => Int) signed!: number;
  @Field(() => Int) preparing!: number;
  @Field(() => Int) underConstruction!: number;
  @Field(() => Int) partiallyProducing!: number;
  @Field(() => Int) operating!: number;
  @Field(() => Int) atCapacity!: number;
  @Field(() => Int) terminated!: number;
}

@ObjectType({ description: 'A rate as a percentage rounded to 0.1, with the exact fraction it comes from.' })
export class RateValue {
  @Field(() => Float, { nullable: true, description: 'Percent, e.g. 76.4; null when the denominator is 0.' }) percent!:
    number | null;
  @Field(() => String, { description: 'Numerator (a count, or fen for money rates).' }) numerator!: string;
  @Field(() => String) denominator!: string;
}

/**
 * Contract-performance metrics of one set of projects on one date: the province's or a
 * prefecture's, over all projects, one cohort or one industry. Rates come from the counts.
 */
@ObjectType()
export class Metrics {
  @Field(() => LocalDateScalar) asOf!: string;
  @Field(() => String, { description: 'A prefecture code, or 530000 for the province.' }) prefectureCode!: string;
  @Field(() => String, { description: 'ALL, COHORT or INDUSTRY.' }) dimension!: string;
  @Field(() => Int, { nullable: true }) cohortYear!: number | null;
  @Field(() => String, { nullable: true }) signingLevel!: string | null;
  @Field(() => String, { nullable: true }) eventKind!: string | null;
  @Field(() => String, { nullable: true }) industry!: string | null;
  @Field(() => Int, { description: 'Projects in the set, negotiating ones included.' }) projects!: number;
  @Field(() => Int, { description: 'Signed or beyond (terminated included): the denominator of the rates.' })
  signed!: number;
  @Field(() => StageCounts) byStage!: StageCounts;
  @Field(() => Int, { description: '履约: preparing through at capacity.' }) performing!: number;
  @Field(() => Int, { description: '开工: under construction through at capacity.' }) started!: number;
  @Field(() => Int, { description: '投产: partially producing through at capacity.' }) producing!: number;
  @Field(() => Int, { description: '落地 under the landing definition in force.' }) landed!: number;
  @Field(() => MoneyScalar, { description: 'Agreed investment of the signed projects.' }) agreedInvestment!: bigint;
  @Field(() => MoneyScalar, { description: 'Funds in place of the signed projects.' }) fundsInPlace!: bigint;
  @Field(() => RateValue, { description: '履约率 = performing ÷ signed.' }) performanceRate!: RateValue;
  @Field(() => RateValue, { description: '开工率 = started ÷ signed.' }) startRate!: RateValue;
  @Field(() => RateValue, { description: '投产率 = producing ÷ signed.' }) productionRate!: RateValue;
  @Field(() => RateValue, { description: '资金到位率 = funds in place ÷ agreed investment (money-weighted).' })
  fundsRate!: RateValue;
  @Field(() => RateValue, { description: '落地率 = landed ÷ signed.' }) landingRate!: RateValue;
  @Field(() => [String], {
    description:
      'For the province: prefectures with no figures on this date, so the sums leave them out. Empty for a prefecture.',
  })
  missingPrefectures!: string[];
}
