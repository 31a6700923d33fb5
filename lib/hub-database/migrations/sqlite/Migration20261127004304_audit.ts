import { Migration } from '@mikro-orm/migrations';

export class Migration20261127004304_audit extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`audit_entry\` (\`id\` integer not null primary key autoincrement, \`at\` datetime not null, \`actor_subject\` text not null, \`actor_role\` text not null, \`actor_prefecture\` text null, \`action\` text not null, \`details\` text not null, \`request_id\` text null);`,
    );
    this.addSql(`create index \`audit_entry_at_index\` on \`audit_entry\` (\`at\`);`);
  }
}
