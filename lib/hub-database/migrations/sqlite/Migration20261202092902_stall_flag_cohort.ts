import { Migration } from '@mikro-orm/migrations';

export class Migration20261202092902_stall_flag_cohort extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`stall_flag\` add column \`cohort_year\` integer null;`);
    this.addSql(`alter table \`stall_flag\` add column \`signing_level\` text null;`);
    this.addSql(`alter table \`stall_flag\` add column \`event_kind\` text null;`);
    this.addSql(`alter table \`stall_flag\` add column \`industry\` text null;`);
  }
}
