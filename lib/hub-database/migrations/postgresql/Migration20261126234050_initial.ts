import { Migration } from '@mikro-orm/migrations';

export class Migration20261126234050_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "prefecture" ("code" varchar(6) not null, "name_zh" varchar(50) not null, "name_en" varchar(100) not null, "kind" varchar(30) not null, "position" int not null, "shard_url" varchar(500) null, "shard_url_changed_at" timestamptz null, constraint "prefecture_pkey" primary key ("code"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "prefecture" cascade;`);
  }
}
