import { Migration } from '@mikro-orm/migrations';

export class Migration20261202060339_idempotency_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "idempotency_key" ("subject" varchar(200) not null, "key" varchar(500) not null, "operation" varchar(100) not null, "request_hash" varchar(64) not null, "outcome" text not null, "created_at" timestamptz not null, constraint "idempotency_key_pkey" primary key ("subject", "key"));`,
    );
    this.addSql(`create index "idempotency_key_created_at_index" on "idempotency_key" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_key" cascade;`);
  }
}
