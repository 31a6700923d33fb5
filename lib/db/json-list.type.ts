import { Type } from '@mikro-orm/core';

/**
 * A short list of strings stored as JSON text. MikroORM's `json` type maps to jsonb in PostgreSQL
 * and text in SQLite with different comparison rules; text with explicit JSON is the same on both.
 */
export class JsonListType extends Type<string[], string> {
  override convertToDatabaseValue(value: string[] | string): string {
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  override convertToJSValue(value: string | string[]): string[] {
    return Array.isArray(value) ? value : (JSON.parse(value) as string[]);
  }

  override compareAsType(): string {
    return 'string';
  }

  override ensureComparable(): boolean {
    return true;
  }

  override getColumnType(): string {
    return 'text';
  }
}
