import { Migration } from '@mikro-orm/migrations';

export class Migration20261126233141_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "project" ("id" varchar(32) not null, "prefecture_code" varchar(6) not null, "name" varchar(200) not null, "national_code" varchar(24) null, "stage" text check ("stage" in ('NEGOTIATING', 'SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION', 'PARTIALLY_PRODUCING', 'OPERATING', 'AT_CAPACITY', 'TERMINATED')) not null default 'NEGOTIATING', "version" int not null default 1, "event_kind" text check ("event_kind" in ('SOUTH_ASIA_EXPO', 'INVESTMENT_FAIR', 'LEADER_DELEGATION', 'OTHER')) not null, "event_name" varchar(200) null, "signed_on" date null, "cohort_year" int not null, "agreement_type" text check ("agreement_type" in ('FRAMEWORK', 'FORMAL')) null, "signing_level" text check ("signing_level" in ('PROVINCIAL_MAJOR_EVENT', 'PROVINCIAL_MAJOR_PROJECT', 'PREFECTURE')) not null, "signing_unit" varchar(200) null, "county" varchar(100) null, "industry" varchar(100) not null, "industry_department" varchar(200) null, "lead_official" varchar(100) null, "promotion_plan" text null, "supporting_policy" text null, "promotion_team" text null, "investor_name" varchar(200) not null, "investor_credit_code" varchar(18) null, "investor_origin" varchar(100) null, "agreed_investment" bigint not null default 0, "funds_in_place" bigint not null default 0, "investment_completed" bigint not null default 0, "planned_registration_on" date null, "actual_registration_on" date null, "planned_land_supply_on" date null, "actual_land_supply_on" date null, "planned_start_on" date null, "actual_start_on" date null, "planned_production_on" date null, "actual_production_on" date null, "planned_capacity_on" date null, "actual_capacity_on" date null, "stage_changed_at" timestamptz not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "project_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "project_stage_index" on "project" ("stage");`);
    this.addSql(`create index "project_cohort_year_index" on "project" ("cohort_year");`);
    this.addSql(`create index "project_signing_level_index" on "project" ("signing_level");`);
    this.addSql(`create index "project_agreed_investment_id_index" on "project" ("agreed_investment", "id");`);
    this.addSql(`create index "project_updated_at_id_index" on "project" ("updated_at", "id");`);
    this.addSql(`create index "project_signed_on_id_index" on "project" ("signed_on", "id");`);

    this.addSql(
      `create table "progress_report" ("id" serial primary key, "project_id" varchar(32) not null, "period" varchar(7) not null, "stage" text check ("stage" in ('NEGOTIATING', 'SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION', 'PARTIALLY_PRODUCING', 'OPERATING', 'AT_CAPACITY', 'TERMINATED')) not null, "narrative" text not null, "funds_this_period" bigint not null default 0, "next_steps" text null, "submitted_by" varchar(100) not null, "submitted_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "progress_report" add constraint "progress_report_project_id_period_unique" unique ("project_id", "period");`,
    );

    this.addSql(
      `create table "obstacle" ("id" serial primary key, "project_id" varchar(32) not null, "category" text check ("category" in ('INDUSTRY_PLANNING_SITING', 'ENVIRONMENTAL_ASSESSMENT', 'FINANCING', 'LAND_QUOTA', 'FOREST_LAND_QUOTA', 'ENERGY_QUOTA', 'POLICY_NOT_DELIVERED', 'INVESTOR_SIDE', 'OTHER')) not null, "description" text not null, "responsible_department" varchar(200) null, "raised_on" date not null, "resolved_on" date null, "resolution" text null, "escalation_level" text check ("escalation_level" in ('COUNTY', 'PREFECTURE', 'PROVINCE')) not null default 'COUNTY');`,
    );
    this.addSql(`create index "obstacle_project_id_raised_on_index" on "obstacle" ("project_id", "raised_on");`);

    this.addSql(
      `create table "funding_record" ("id" serial primary key, "project_id" varchar(32) not null, "received_on" date not null, "amount" bigint not null, "source" varchar(100) null, "note" text null, "recorded_by" varchar(100) not null, "recorded_at" timestamptz not null);`,
    );
    this.addSql(
      `create index "funding_record_project_id_received_on_index" on "funding_record" ("project_id", "received_on");`,
    );

    this.addSql(
      `create table "project_event" ("id" serial primary key, "project_id" varchar(32) not null, "kind" text check ("kind" in ('CREATED', 'UPDATED', 'STAGE_CHANGED', 'PROGRESS_REPORTED', 'FUNDING_RECORDED', 'OBSTACLE_RAISED', 'OBSTACLE_RESOLVED', 'SUPERVISION_RECORDED')) not null, "at" timestamptz not null, "actor_subject" varchar(100) not null, "actor_role" varchar(20) not null, "from_stage" text check ("from_stage" in ('NEGOTIATING', 'SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION', 'PARTIALLY_PRODUCING', 'OPERATING', 'AT_CAPACITY', 'TERMINATED')) null, "to_stage" text check ("to_stage" in ('NEGOTIATING', 'SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION', 'PARTIALLY_PRODUCING', 'OPERATING', 'AT_CAPACITY', 'TERMINATED')) null, "reason" text null, "changes" text null);`,
    );
    this.addSql(`create index "project_event_project_id_at_index" on "project_event" ("project_id", "at");`);

    this.addSql(
      `create table "supervision_record" ("id" serial primary key, "project_id" varchar(32) not null, "kind" text check ("kind" in ('ROUTINE', 'PERIODIC', 'SPECIAL')) not null, "method" text check ("method" in ('MEETING', 'WRITTEN_ORDER', 'SITE_VISIT')) not null, "supervising_unit" varchar(200) not null, "supervised_on" date not null, "findings" text not null, "required_fixes" text null, "deadline" date null, "outcome" text null);`,
    );
    this.addSql(
      `create index "supervision_record_project_id_supervised_on_index" on "supervision_record" ("project_id", "supervised_on");`,
    );

    this.addSql(
      `alter table "progress_report" add constraint "progress_report_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "obstacle" add constraint "obstacle_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "funding_record" add constraint "funding_record_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "project_event" add constraint "project_event_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "supervision_record" add constraint "supervision_record_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "progress_report" drop constraint "progress_report_project_id_foreign";`);

    this.addSql(`alter table "obstacle" drop constraint "obstacle_project_id_foreign";`);

    this.addSql(`alter table "funding_record" drop constraint "funding_record_project_id_foreign";`);

    this.addSql(`alter table "project_event" drop constraint "project_event_project_id_foreign";`);

    this.addSql(`alter table "supervision_record" drop constraint "supervision_record_project_id_foreign";`);

    this.addSql(`drop table if exists "project" cascade;`);

    this.addSql(`drop table if exists "progress_report" cascade;`);

    this.addSql(`drop table if exists "obstacle" cascade;`);

    this.addSql(`drop table if exists "funding_record" cascade;`);

    this.addSql(`drop table if exists "project_event" cascade;`);

    this.addSql(`drop table if exists "supervision_record" cascade;`);
  }
}
