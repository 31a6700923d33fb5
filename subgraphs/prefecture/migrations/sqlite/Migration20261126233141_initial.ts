import { Migration } from '@mikro-orm/migrations';

export class Migration20261126233141_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`project\` (\`id\` text not null, \`prefecture_code\` text not null, \`name\` text not null, \`national_code\` text null, \`stage\` text check (\`stage\` in ('NEGOTIATING', 'SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION', 'PARTIALLY_PRODUCING', 'OPERATING', 'AT_CAPACITY', 'TERMINATED')) not null default 'NEGOTIATING', \`version\` integer not null default 1, \`event_kind\` text check (\`event_kind\` in ('SOUTH_ASIA_EXPO', 'INVESTMENT_FAIR', 'LEADER_DELEGATION', 'OTHER')) not null, \`event_name\` text null, \`signed_on\` date null, \`cohort_year\` integer not null, \`agreement_type\` text check (\`agreement_type\` in ('FRAMEWORK', 'FORMAL')) null, \`signing_level\` text check (\`signing_level\` in ('PROVINCIAL_MAJOR_EVENT', 'PROVINCIAL_MAJOR_PROJECT', 'PREFECTURE')) not null, \`signing_unit\` text null, \`county\` text null, \`industry\` text not null, \`industry_department\` text null, \`lead_official\` text null, \`promotion_plan\` text null, \`supporting_policy\` text null, \`promotion_team\` text null, \`investor_name\` text not null, \`investor_credit_code\` text null, \`investor_origin\` text null, \`agreed_investment\` bigint not null default 0, \`funds_in_place\` bigint not null default 0, \`investment_completed\` bigint not null default 0, \`planned_registration_on\` date null, \`actual_registration_on\` date null, \`planned_land_supply_on\` date null, \`actual_land_supply_on\` date null, \`planned_start_on\` date null, \`actual_start_on\` date null, \`planned_production_on\` date null, \`actual_production_on\` date null, \`planned_capacity_on\` date null, \`actual_capacity_on\` date null, \`stage_changed_at\` datetime not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`));`,
    );
    this.addSql(`create index \`project_stage_index\` on \`project\` (\`stage\`);`);
    this.addSql(`create index \`project_cohort_year_index\` on \`project\` (\`cohort_year\`);`);
    this.addSql(`create index \`project_signing_level_index\` on \`project\` (\`signing_level\`);`);
    this.addSql(`create index \`project_agreed_investment_id_index\` on \`project\` (\`agreed_investment\`, \`id\`);`);
    this.addSql(`create index \`project_updated_at_id_index\` on \`project\` (\`updated_at\`, \`id\`);`);
    this.addSql(`create index \`project_signed_on_id_index\` on \`project\` (\`signed_on\`, \`id\`);`);

    this.addSql(
      `create table \`progress_report\` (\`id\` integer not null primary key autoincrement, \`project_id\` text not null, \`period\` text not null, \`stage\` text check (\`stage\` in ('NEGOTIATING', 'SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION', 'PARTIALLY_PRODUCING', 'OPERATING', 'AT_CAPACITY', 'TERMINATED')) not null, \`narrative\` text not null, \`funds_this_period\` bigint not null default 0, \`next_steps\` text null, \`submitted_by\` text not null, \`submitted_at\` datetime not null, constraint \`progress_report_project_id_foreign\` foreign key(\`project_id\`) references \`project\`(\`id\`) on delete cascade on update cascade);`,
    );
    this.addSql(`create index \`progress_report_project_id_index\` on \`progress_report\` (\`project_id\`);`);
    this.addSql(
      `create unique index \`progress_report_project_id_period_unique\` on \`progress_report\` (\`project_id\`, \`period\`);`,
    );

    this.addSql(
      `create table \`obstacle\` (\`id\` integer not null primary key autoincrement, \`project_id\` text not null, \`category\` text check (\`category\` in ('INDUSTRY_PLANNING_SITING', 'ENVIRONMENTAL_ASSESSMENT', 'FINANCING', 'LAND_QUOTA', 'FOREST_LAND_QUOTA', 'ENERGY_QUOTA', 'POLICY_NOT_DELIVERED', 'INVESTOR_SIDE', 'OTHER')) not null, \`description\` text not null, \`responsible_department\` text null, \`raised_on\` date not null, \`resolved_on\` date null, \`resolution\` text null, \`escalation_level\` text check (\`escalation_level\` in ('COUNTY', 'PREFECTURE', 'PROVINCE')) not null default 'COUNTY', constraint \`obstacle_project_id_foreign\` foreign key(\`project_id\`) references \`project\`(\`id\`) on delete cascade on update cascade);`,
    );
    this.addSql(`create index \`obstacle_project_id_index\` on \`obstacle\` (\`project_id\`);`);
    this.addSql(
      `create index \`obstacle_project_id_raised_on_index\` on \`obstacle\` (\`project_id\`, \`raised_on\`);`,
    );

    this.addSql(
      `create table \`funding_record\` (\`id\` integer not null primary key autoincrement, \`project_id\` text not null, \`received_on\` date not null, \`amount\` bigint not null, \`source\` text null, \`note\` text null, \`recorded_by\` text not null, \`recorded_at\` datetime not null, constraint \`funding_record_project_id_foreign\` foreign key(\`project_id\`) references \`project\`(\`id\`) on delete cascade on update cascade);`,
    );
    this.addSql(`create index \`funding_record_project_id_index\` on \`funding_record\` (\`project_id\`);`);
    this.addSql(
      `create index \`funding_record_project_id_received_on_index\` on \`funding_record\` (\`project_id\`, \`received_on\`);`,
    );

    this.addSql(
      `create table \`project_event\` (\`id\` integer not null primary key autoincrement, \`project_id\` text not null, \`kind\` text check (\`kind\` in ('CREATED', 'UPDATED', 'STAGE_CHANGED', 'PROGRESS_REPORTED', 'FUNDING_RECORDED', 'OBSTACLE_RAISED', 'OBSTACLE_RESOLVED', 'SUPERVISION_RECORDED')) not null, \`at\` datetime not null, \`actor_subject\` text not null, \`actor_role\` text not null, \`from_stage\` text check (\`from_stage\` in ('NEGOTIATING', 'SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION', 'PARTIALLY_PRODUCING', 'OPERATING', 'AT_CAPACITY', 'TERMINATED')) null, \`to_stage\` text check (\`to_stage\` in ('NEGOTIATING', 'SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION', 'PARTIALLY_PRODUCING', 'OPERATING', 'AT_CAPACITY', 'TERMINATED')) null, \`reason\` text null, \`changes\` text null, constraint \`project_event_project_id_foreign\` foreign key(\`project_id\`) references \`project\`(\`id\`) on delete cascade on update cascade);`,
    );
    this.addSql(`create index \`project_event_project_id_index\` on \`project_event\` (\`project_id\`);`);
    this.addSql(`create index \`project_event_project_id_at_index\` on \`project_event\` (\`project_id\`, \`at\`);`);

    this.addSql(
      `create table \`supervision_record\` (\`id\` integer not null primary key autoincrement, \`project_id\` text not null, \`kind\` text check (\`kind\` in ('ROUTINE', 'PERIODIC', 'SPECIAL')) not null, \`method\` text check (\`method\` in ('MEETING', 'WRITTEN_ORDER', 'SITE_VISIT')) not null, \`supervising_unit\` text not null, \`supervised_on\` date not null, \`findings\` text not null, \`required_fixes\` text null, \`deadline\` date null, \`outcome\` text null, constraint \`supervision_record_project_id_foreign\` foreign key(\`project_id\`) references \`project\`(\`id\`) on delete cascade on update cascade);`,
    );
    this.addSql(`create index \`supervision_record_project_id_index\` on \`supervision_record\` (\`project_id\`);`);
    this.addSql(
      `create index \`supervision_record_project_id_supervised_on_index\` on \`supervision_record\` (\`project_id\`, \`supervised_on\`);`,
    );
  }
}
