import { Migration } from '@mikro-orm/migrations';

export class Migration20261126234050_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`prefecture\` (\`code\` text not null, \`name_zh\` text not null, \`name_en\` text not null, \`kind\` text not null, \`position\` integer not null, \`shard_url\` text null, \`shard_url_changed_at\` datetime null, primary key (\`code\`));`,
    );
  }
}
