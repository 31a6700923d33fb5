import { Migration } from '@mikro-orm/migrations';

export class Migration20261202060330_idempotency_keys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`idempotency_key\` (\`subject\` text not null, \`key\` text not null, \`operation\` text not null, \`request_hash\` text not null, \`outcome\` text not null, \`created_at\` datetime not null, primary key (\`subject\`, \`key\`));`);
    this.addSql(`create index \`idempotency_key_created_at_index\` on \`idempotency_key\` (\`created_at\`);`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`project__temp_alter\` (\`id\` text not null, \`prefecture_code\` text not null, \`name\` text not null, \`national_code\` text null, \`stage\` text check (\`stage\` in ('NEGOTIATING', 'SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION', 'PARTIALLY_PRODUCING', 'OPERATING', 'AT_CAPACITY', 'TERMINATED')) not null default 'NEGOTIATING', \`version\` integer not null default 1, \`event_kind\` text check (\`event_kind\` in ('SOUTH_ASIA_EXPO', 'INVESTMENT_FAIR', 'LEADER_DELEGATION', 'OTHER')) not null, \`event_name\` text null, \`signed_on\` date null, \`cohort_year\` integer not null, \`agreement_type\` text check (\`agreement_type\` in ('FRAMEWORK', 'FORMAL')) null, \`signing_level\` text check (\`signing_level\` in ('PROVINCIAL_MAJOR_EVENT', 'PROVINCIAL_MAJOR_PROJECT', 'PREFECTURE')) not null, \`signing_unit\` text null, \`county\` text null, \`industry\` text not null, \`industry_department\` text null, \`lead_official\` text null, \`promotion_plan\` text null, \`supporting_policy\` text null, \`promotion_team\` text null, \`investor_name\` text not null, \`investor_credit_code\` text null, \`investor_origin\` text null, \`agreed_investment\` bigint not null default 0, \`funds_in_place\` bigint not null default 0, \`investment_completed\` bigint not null default 0, \`planned_registration_on\` date null, \`actual_registration_on\` date null, \`planned_land_supply_on\` date null, \`actual_land_supply_on\` date null, \`planned_start_on\` date null, \`actual_start_on\` date null, \`planned_production_on\` date null, \`actual_production_on\` date null, \`planned_capacity_on\` date null, \`actual_capacity_on\` date null, \`stage_changed_at\` datetime not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`insert into \`project__temp_alter\` select \`id\`, \`prefecture_code\`, \`name\`, \`national_code\`, \`stage\`, \`version\`, \`event_kind\`, \`event_name\`, \`signed_on\`, \`cohort_year\`, \`agreement_type\`, \`signing_level\`, \`signing_unit\`, \`county\`, \`industry\`, \`industry_department\`, \`lead_official\`, \`promotion_plan\`, \`supporting_policy\`, \`promotion_team\`, \`investor_name\`, \`investor_credit_code\`, \`investor_origin\`, \`agreed_investment\`, \`funds_in_place\`, \`investment_completed\`, \`planned_registration_on\`, \`actual_registration_on\`, \`planned_land_supply_on\`, \`actual_land_supply_on\`, \`planned_start_on\`, \`actual_start_on\`, \`planned_production_on\`, \`actual_production_on\`, \`planned_capacity_on\`, \`actual_capacity_on\`, \`stage_changed_at\`, \`created_at\`, \`updated_at\` from \`project\`;`);
    this.addSql(`drop table \`project\`;`);
    this.addSql(`alter table \`project__temp_alter\` rename to \`project\`;`);
    this.addSql(`create index \`project_cohort_year_index\` on \`project\` (\`cohort_year\`);`);
    this.addSql(`create index \`project_signing_level_index\` on \`project\` (\`signing_level\`);`);
    this.addSql(`create index \`project_agreed_investment_id_index\` on \`project\` (\`agreed_investment\`, \`id\`);`);
    this.addSql(`create index \`project_updated_at_id_index\` on \`project\` (\`updated_at\`, \`id\`);`);
    this.addSql(`create index \`project_signed_on_id_index\` on \`project\` (\`signed_on\`, \`id\`);`);
    this.addSql(`create index \`project_stage_sums_index\` on \`project\` (\`stage\`, \`actual_registration_on\`, \`agreed_investment\`, \`funds_in_place\`, \`investment_completed\`);`);
    this.addSql(`create index \`project_stage_index\` on \`project\` (\`stage\`);`);
    this.addSql(`pragma foreign_keys = on;pragma foreign_keys = off;`);
    this.addSql(`create table \`progress_report__temp_alter\` (\`id\` integer not null primary key autoincrement, \`project_id\` text not null, \`period\` text not null, \`stage\` text check (\`stage\` in ('NEGOTIATING', 'SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION', 'PARTIALLY_PRODUCING', 'OPERATING', 'AT_CAPACITY', 'TERMINATED')) not null, \`narrative\` text not null, \`funds_this_period\` bigint not null default 0, \`next_steps\` text null, \`submitted_by\` text not null, \`submitted_at\` datetime not null, constraint \`progress_report_project_id_foreign\` foreign key(\`project_id\`) references \`project\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`insert into \`progress_report__temp_alter\` select \`id\`, \`project_id\`, \`period\`, \`stage\`, \`narrative\`, \`funds_this_period\`, \`next_steps\`, \`submitted_by\`, \`submitted_at\` from \`progress_report\`;`);
    this.addSql(`drop table \`progress_report\`;`);
    this.addSql(`alter table \`progress_report__temp_alter\` rename to \`progress_report\`;`);
    this.addSql(`create index \`progress_report_project_id_index\` on \`progress_report\` (\`project_id\`);`);
    this.addSql(`create unique index \`progress_report_project_id_period_unique\` on \`progress_report\` (\`project_id\`, \`period\`);`);
    this.addSql(`pragma foreign_keys = on;pragma foreign_keys = off;`);
    this.addSql(`create table \`obstacle__temp_alter\` (\`id\` integer not null primary key autoincrement, \`project_id\` text not null, \`category\` text check (\`category\` in ('INDUSTRY_PLANNING_SITING', 'ENVIRONMENTAL_ASSESSMENT', 'FINANCING', 'LAND_QUOTA', 'FOREST_LAND_QUOTA', 'ENERGY_QUOTA', 'POLICY_NOT_DELIVERED', 'INVESTOR_SIDE', 'OTHER')) not null, \`description\` text not null, \`responsible_department\` text null, \`raised_on\` date not null, \`resolved_on\` date null, \`resolution\` text null, \`escalation_level\` text check (\`escalation_level\` in ('COUNTY', 'PREFECTURE', 'PROVINCE')) not null default 'COUNTY', constraint \`obstacle_project_id_foreign\` foreign key(\`project_id\`) references \`project\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`insert into \`obstacle__temp_alter\` select \`id\`, \`project_id\`, \`category\`, \`description\`, \`responsible_department\`, \`raised_on\`, \`resolved_on\`, \`resolution\`, \`escalation_level\` from \`obstacle\`;`);
    this.addSql(`drop table \`obstacle\`;`);
    this.addSql(`alter table \`obstacle__temp_alter\` rename to \`obstacle\`;`);
    this.addSql(`create index \`obstacle_project_id_index\` on \`obstacle\` (\`project_id\`);`);
    this.addSql(`create index \`obstacle_project_id_raised_on_index\` on \`obstacle\` (\`project_id\`, \`raised_on\`);`);
    this.addSql(`pragma foreign_keys = on;pragma foreign_keys = off;`);
    this.addSql(`create table \`project_event__temp_alter\` (\`id\` integer not null primary key autoincrement, \`project_id\` text not null, \`kind\` text check (\`kind\` in ('CREATED', 'UPDATED', 'STAGE_CHANGED', 'PROGRESS_REPORTED', 'FUNDING_RECORDED', 'OBSTACLE_RAISED', 'OBSTACLE_RESOLVED', 'SUPERVISION_RECORDED')) not null, \`at\` datetime not null, \`actor_subject\` text not null, \`actor_role\` text not null, \`from_stage\` text check (\`from_stage\` in ('NEGOTIATING', 'SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION', 'PARTIALLY_PRODUCING', 'OPERATING', 'AT_CAPACITY', 'TERMINATED')) null, \`to_stage\` text check (\`to_stage\` in ('NEGOTIATING', 'SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION', 'PARTIALLY_PRODUCING', 'OPERATING', 'AT_CAPACITY', 'TERMINATED')) null, \`reason\` text null, \`changes\` text null, constraint \`project_event_project_id_foreign\` foreign key(\`project_id\`) references \`project\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`insert into \`project_event__temp_alter\` select \`id\`, \`project_id\`, \`kind\`, \`at\`, \`actor_subject\`, \`actor_role\`, \`from_stage\`, \`to_stage\`, \`reason\`, \`changes\` from \`project_event\`;`);
    this.addSql(`drop table \`project_event\`;`);
    this.addSql(`alter table \`project_event__temp_alter\` rename to \`project_event\`;`);
    this.addSql(`create index \`project_event_project_id_index\` on \`project_event\` (\`project_id\`);`);
    this.addSql(`create index \`project_event_project_id_at_index\` on \`project_event\` (\`project_id\`, \`at\`);`);
    this.addSql(`pragma foreign_keys = on;pragma foreign_keys = off;`);
    this.addSql(`create table \`supervision_record__temp_alter\` (\`id\` integer not null primary key autoincrement, \`project_id\` text not null, \`kind\` text check (\`kind\` in ('ROUTINE', 'PERIODIC', 'SPECIAL')) not null, \`method\` text check (\`method\` in ('MEETING', 'WRITTEN_ORDER', 'SITE_VISIT')) not null, \`supervising_unit\` text not null, \`supervised_on\` date not null, \`findings\` text not null, \`required_fixes\` text null, \`deadline\` date null, \`outcome\` text null, constraint \`supervision_record_project_id_foreign\` foreign key(\`project_id\`) references \`project\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`insert into \`supervision_record__temp_alter\` select \`id\`, \`project_id\`, \`kind\`, \`method\`, \`supervising_unit\`, \`supervised_on\`, \`findings\`, \`required_fixes\`, \`deadline\`, \`outcome\` from \`supervision_record\`;`);
    this.addSql(`drop table \`supervision_record\`;`);
    this.addSql(`alter table \`supervision_record__temp_alter\` rename to \`supervision_record\`;`);
    this.addSql(`create index \`supervision_record_project_id_index\` on \`supervision_record\` (\`project_id\`);`);
    this.addSql(`create index \`supervision_record_project_id_supervised_on_index\` on \`supervision_record\` (\`project_id\`, \`supervised_on\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }

}
