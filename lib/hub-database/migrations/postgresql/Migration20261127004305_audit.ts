import { Migration } from '@mikro-orm/migrations';

export class Migration20261127004305_audit extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audit_entry" ("id" serial primary key, "at" timestamptz not null, "actor_subject" varchar(100) not null, "actor_role" varchar(20) not null, "actor_prefecture" varchar(6) null, "action" varchar(50) not null, "details" text not null, "request_id" varchar(100) null);`,
    );
    this.addSql(`create index "audit_entry_at_index" on "audit_entry" ("at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_entry" cascade;`);
  }
}
