import { Migration } from '@mikro-orm/migrations';

export class Migration20261202092903_stall_flag_cohort extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "stall_flag" add column "cohort_year" int null, add column "signing_level" varchar(30) null, add column "event_kind" varchar(30) null, add column "industry" varchar(100) null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "stall_flag" drop column "cohort_year", drop column "signing_level", drop column "event_kind", drop column "industry";`,
    );
  }
}
