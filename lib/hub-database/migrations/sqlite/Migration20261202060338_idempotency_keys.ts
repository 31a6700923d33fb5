import { Migration } from '@mikro-orm/migrations';

export class Migration20261202060338_idempotency_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`idempotency_key\` (\`subject\` text not null, \`key\` text not null, \`operation\` text not null, \`request_hash\` text not null, \`outcome\` text not null, \`created_at\` datetime not null, primary key (\`subject\`, \`key\`));`,
    );
    this.addSql(`create index \`idempotency_key_created_at_index\` on \`idempotency_key\` (\`created_at\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`idempotency_key\`;`);
  }
}
