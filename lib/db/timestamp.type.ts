import { Type, type EntityProperty, type Platform } from '@mikro-orm/core';
import { BaseSqlitePlatform } from '@mikro-orm/knex';

/**
 * An instant, stored as `timestamptz` in PostgreSQL and as epoch milliseconds in SQLite.
 *
 * Why not MikroORM's built-in `datetime`: with the libsql driver (6.6.16) an entity loaded from
 * SQLite keeps a Date as its original value while the change set compares epoch numbers, so every
 * loaded entity looks dirty and a flush rewrites it, bumping its optimistic-lock version. This type
 * gives both sides the same comparable form on either database.
 */
export class TimestampType extends Type<Date, number | string> {
  override convertToDatabaseValue(value: Date | string | number, platform: Platform): number | string {
    if (value == null) return value;
    const date = value instanceof Date ? value : new Date(value);
    return platform instanceof BaseSqlitePlatform ? date.getTime() : date.toISOString();
  }

  override convertToJSValue(value: Date | string | number): Date {
    if (value == null || value instanceof Date) return value;
    return new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  }

  override compareAsType(): string {
    return 'any';
  }

  override ensureComparable(): boolean {
    return true;
  }

  override getColumnType(prop: EntityProperty, platform: Platform): string {
    return platform.getDateTimeTypeDeclarationSQL({ length: prop.length });
  }
}
