import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'When the nightly metrics run.' })
export class MetricsScheduleView {
  @Field(() => String, { description: 'Cron pattern, e.g. "0 2 * * *".' }) pattern!: string;
  @Field(() => String, { description: 'IANA time zone the pattern is read in.' }) timezone!: string;
  @Field(() => Boolean) paused!: boolean;
  @Field(() => Int, { description: 'Shortest time allowed between two scheduled runs, in minutes (admins set it).' })
  minimumIntervalMinutes!: number;
  @Field(() => Date, { nullable: true, description: 'Next run; null when paused or when Redis is unreachable.' })
  nextRunAt!: Date | null;
}

@ObjectType({ description: 'The tunables of the stall rules and of 落地率.' })
export class StallRulesView {
  @Field(() => String, { description: 'JSON of every threshold in force (defaults filled in).' }) thresholds!: string;
  @Field(() => String, { description: 'REGISTERED_COMPANY, STARTED or FUNDS_ARRIVED.' }) landingDefinition!: string;
}
