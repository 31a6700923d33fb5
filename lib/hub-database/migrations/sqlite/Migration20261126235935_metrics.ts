import { Migration } from '@mikro-orm/migrations';

export class Migration20261126235935_metrics extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`hub_setting\` (\`key\` text not null, \`value\` text not null, \`updated_by\` text not null, \`updated_at\` datetime not null, primary key (\`key\`));`,
    );

    this.addSql(
      `create table \`metric_run\` (\`id\` text not null, \`as_of\` date not null, \`trigger\` text not null, \`requested_by\` text not null, \`state\` text not null default 'QUEUED', \`prefectures\` text not null, \`missing_prefectures\` text not null, \`new_flags\` integer not null default 0, \`cleared_flags\` integer not null default 0, \`queued_at\` datetime not null, \`started_at\` datetime null, \`finished_at\` datetime null, \`error\` text null, primary key (\`id\`));`,
    );
    this.addSql(`create index \`metric_run_queued_at_index\` on \`metric_run\` (\`queued_at\`);`);

    this.addSql(
      `create table \`metric_run_prefecture\` (\`id\` integer not null primary key autoincrement, \`run_id\` text not null, \`prefecture_code\` text not null, \`state\` text not null default 'QUEUED', \`projects_read\` integer not null default 0, \`attempts\` integer not null default 0, \`started_at\` datetime null, \`finished_at\` datetime null, \`error\` text null);`,
    );
    this.addSql(
      `create unique index \`metric_run_prefecture_run_id_prefecture_code_unique\` on \`metric_run_prefecture\` (\`run_id\`, \`prefecture_code\`);`,
    );

    this.addSql(
      `create table \`metric_snapshot\` (\`id\` integer not null primary key autoincrement, \`as_of\` date not null, \`run_id\` text not null, \`prefecture_code\` text not null, \`dimension\` text not null, \`dimension_key\` text not null, \`cohort_year\` integer null, \`signing_level\` text null, \`event_kind\` text null, \`industry\` text null, \`projects\` integer not null default 0, \`signed\` integer not null default 0, \`negotiating\` integer not null default 0, \`signed_stage\` integer not null default 0, \`preparing\` integer not null default 0, \`under_construction\` integer not null default 0, \`partially_producing\` integer not null default 0, \`operating\` integer not null default 0, \`at_capacity\` integer not null default 0, \`terminated\` integer not null default 0, \`performing\` integer not null default 0, \`started\` integer not null default 0, \`producing\` integer not null default 0, \`landed\` integer not null default 0, \`agreed_investment\` bigint not null default 0, \`funds_in_place\` bigint not null default 0);`,
    );
    this.addSql(
      `create index \`metric_snapshot_prefecture_code_dimension_key_as_of_index\` on \`metric_snapshot\` (\`prefecture_code\`, \`dimension_key\`, \`as_of\`);`,
    );
    this.addSql(
      `create unique index \`metric_snapshot_as_of_prefecture_code_dimension_key_unique\` on \`metric_snapshot\` (\`as_of\`, \`prefecture_code\`, \`dimension_key\`);`,
    );

    this.addSql(
      `create table \`stall_flag_change\` (\`id\` integer not null primary key autoincrement, \`as_of\` date not null, \`run_id\` text not null, \`prefecture_code\` text not null, \`project_id\` text not null, \`rule\` text not null, \`flag_key\` text not null, \`change\` text not null, \`severity\` text not null);`,
    );
    this.addSql(
      `create index \`stall_flag_change_as_of_prefecture_code_index\` on \`stall_flag_change\` (\`as_of\`, \`prefecture_code\`);`,
    );

    this.addSql(
      `create table \`stall_flag\` (\`id\` integer not null primary key autoincrement, \`as_of\` date not null, \`run_id\` text not null, \`project_id\` text not null, \`prefecture_code\` text not null, \`rule\` text not null, \`flag_key\` text not null, \`severity\` text not null, \`since\` date not null, \`evidence\` text not null, \`is_new\` integer not null default false);`,
    );
    this.addSql(`create index \`stall_flag_project_id_as_of_index\` on \`stall_flag\` (\`project_id\`, \`as_of\`);`);
    this.addSql(
      `create index \`stall_flag_as_of_prefecture_code_index\` on \`stall_flag\` (\`as_of\`, \`prefecture_code\`);`,
    );
  }
}
