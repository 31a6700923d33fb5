import { Migration } from '@mikro-orm/migrations';

export class Migration20261126235935_metrics extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "hub_setting" ("key" varchar(50) not null, "value" text not null, "updated_by" varchar(100) not null, "updated_at" timestamptz not null, constraint "hub_setting_pkey" primary key ("key"));`,
    );

    this.addSql(
      `create table "metric_run" ("id" varchar(64) not null, "as_of" date not null, "trigger" varchar(10) not null, "requested_by" varchar(100) not null, "state" varchar(10) not null default 'QUEUED', "prefectures" text not null, "missing_prefectures" text not null, "new_flags" int not null default 0, "cleared_flags" int not null default 0, "queued_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, "error" text null, constraint "metric_run_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "metric_run_queued_at_index" on "metric_run" ("queued_at");`);

    this.addSql(
      `create table "metric_run_prefecture" ("id" serial primary key, "run_id" varchar(64) not null, "prefecture_code" varchar(6) not null, "state" varchar(10) not null default 'QUEUED', "projects_read" int not null default 0, "attempts" int not null default 0, "started_at" timestamptz null, "finished_at" timestamptz null, "error" text null);`,
    );
    this.addSql(
      `alter table "metric_run_prefecture" add constraint "metric_run_prefecture_run_id_prefecture_code_unique" unique ("run_id", "prefecture_code");`,
    );

    this.addSql(
      `create table "metric_snapshot" ("id" serial primary key, "as_of" date not null, "run_id" varchar(64) not null, "prefecture_code" varchar(6) not null, "dimension" varchar(10) not null, "dimension_key" varchar(200) not null, "cohort_year" int null, "signing_level" varchar(30) null, "event_kind" varchar(30) null, "industry" varchar(100) null, "projects" int not null default 0, "signed" int not null default 0, "negotiating" int not null default 0, "signed_stage" int not null default 0, "preparing" int not null default 0, "under_construction" int not null default 0, "partially_producing" int not null default 0, "operating" int not null default 0, "at_capacity" int not null default 0, "terminated" int not null default 0, "performing" int not null default 0, "started" int not null default 0, "producing" int not null default 0, "landed" int not null default 0, "agreed_investment" bigint not null default 0, "funds_in_place" bigint not null default 0);`,
    );
    this.addSql(
      `create index "metric_snapshot_prefecture_code_dimension_key_as_of_index" on "metric_snapshot" ("prefecture_code", "dimension_key", "as_of");`,
    );
    this.addSql(
      `alter table "metric_snapshot" add constraint "metric_snapshot_as_of_prefecture_code_dimension_key_unique" unique ("as_of", "prefecture_code", "dimension_key");`,
    );

    this.addSql(
      `create table "stall_flag_change" ("id" serial primary key, "as_of" date not null, "run_id" varchar(64) not null, "prefecture_code" varchar(6) not null, "project_id" varchar(32) not null, "rule" varchar(40) not null, "flag_key" varchar(100) not null, "change" varchar(10) not null, "severity" varchar(10) not null);`,
    );
    this.addSql(
      `create index "stall_flag_change_as_of_prefecture_code_index" on "stall_flag_change" ("as_of", "prefecture_code");`,
    );

    this.addSql(
      `create table "stall_flag" ("id" serial primary key, "as_of" date not null, "run_id" varchar(64) not null, "project_id" varchar(32) not null, "prefecture_code" varchar(6) not null, "rule" varchar(40) not null, "flag_key" varchar(100) not null, "severity" varchar(10) not null, "since" date not null, "evidence" text not null, "is_new" boolean not null default false);`,
    );
    this.addSql(`create index "stall_flag_project_id_as_of_index" on "stall_flag" ("project_id", "as_of");`);
    this.addSql(`create index "stall_flag_as_of_prefecture_code_index" on "stall_flag" ("as_of", "prefecture_code");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "hub_setting" cascade;`);

    this.addSql(`drop table if exists "metric_run" cascade;`);

    this.addSql(`drop table if exists "metric_run_prefecture" cascade;`);

    this.addSql(`drop table if exists "metric_snapshot" cascade;`);

    this.addSql(`drop table if exists "stall_flag_change" cascade;`);

    this.addSql(`drop table if exists "stall_flag" cascade;`);
  }
}
