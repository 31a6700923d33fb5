import { createHash } from 'node:crypto';

/**
 * SHA-256 (hex) of the canonical JSON of a mutation and its arguments: object keys sorted,
 * undefined left out, bigints as decimal strings, dates as ISO strings. The same request parsed
 * twice hashes the same, whatever order its input fields came in.
 */
export function requestHash(operation: string, args: unknown): string {
  return createHash('sha256').update(canonicalJson({ operation, args })).digest('hex');
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonical(item)));
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) sorted[key] = canonical(item);
  }
  return sorted;
}
