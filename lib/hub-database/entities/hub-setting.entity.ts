import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { TimestampType } from '../../db/timestamp.type.js';

/** A tunable of the hub kept as JSON (stall thresholds, landing definition, metrics schedule). */
@Entity({ tableName: 'hub_setting' })
export class HubSetting {
  @PrimaryKey({ type: 'string', length: 50 })
  key!: string;

  @Property({ type: 'text' })
  value!: string;

  @Property({ type: 'string', length: 100 })
  updatedBy!: string;

  @Property({ type: TimestampType })
  updatedAt: Date = new Date();
}
