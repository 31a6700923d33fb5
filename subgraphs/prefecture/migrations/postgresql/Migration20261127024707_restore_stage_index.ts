import { Migration } from '@mikro-orm/migrations';

export class Migration20261127024707_restore_stage_index extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "project_stage_index" on "project" ("stage");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "project_stage_index";`);
  }
}
