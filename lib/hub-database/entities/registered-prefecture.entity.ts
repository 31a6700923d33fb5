import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Authorized, Directive, Field, Int, ObjectType } from 'type-graphql';
import { TimestampType } from '../../db/timestamp.type.js';
import { scopeGrant } from '../../../schema/contract/hub-credential.js';

/**
 * A member of the provincial registry: one prefecture and where its subgraph runs. Seeded from
 * schema/prefectures.json; the shard URL is set by an admin (or at first start in one-machine mode).
 */
@ObjectType('Prefecture', { description: 'A prefecture-level division of Yunnan and its place in the hub.' })
@Directive('@key(fields: "code")')
@Entity({ tableName: 'prefecture' })
export class RegisteredPrefecture {
  @Field(() => String, { description: 'GB/T 2260 code, e.g. 530100.' })
  @PrimaryKey({ type: 'string', length: 6 })
  code!: string;

  @Field(() => String, { description: 'Chinese name, e.g. 昆明市.' })
  @Property({ type: 'string', length: 50 })
  nameZh!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  nameEn!: string;

  @Field(() => String, { description: '"city" or "autonomous-prefecture".' })
  @Property({ type: 'string', length: 30 })
  kind!: string;

  @Field(() => Int, { description: 'Position in GB/T 2260 order, for stable listings.' })
  @Property({ type: 'integer' })
  position!: number;

  // The gateway reads it with its registry credential to route to the shards.
  @Authorized('admin', scopeGrant('registry'))
  @Field(() => String, { nullable: true, description: 'GraphQL URL of the prefecture subgraph (admins only).' })
  @Property({ type: 'string', length: 500, nullable: true })
  shardUrl?: string | null;

  @Authorized('admin')
  @Field(() => Date, { nullable: true, description: 'When the shard URL last changed (admins only).' })
  @Property({ type: TimestampType, nullable: true })
  shardUrlChangedAt?: Date | null;
}
