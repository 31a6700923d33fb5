import { Migration } from '@mikro-orm/migrations';

export class Migration20261127022835_stage_sums_index extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index "project_stage_index";`);

    this.addSql(
      `create index "project_stage_sums_index" on "project" ("stage", "actual_registration_on", "agreed_investment", "funds_in_place", "investment_completed");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "project_stage_sums_index";`);

    this.addSql(`create index "project_stage_index" on "project" ("stage");`);
  }
}
