import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/**
 * A calendar date without time zone ("2018-06-15"), kept as the ISO string end to end: a JS Date
 * would shift it by the server's zone (Asia/Shanghai is UTC+8).
 */
export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: 'LocalDate',
  description: 'A calendar date, YYYY-MM-DD, without time zone.',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return assertLocalDate(value);
  },
  parseValue(value) {
    return assertLocalDate(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('LocalDate must be a string YYYY-MM-DD');
    return assertLocalDate(ast.value);
  },
});

export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function assertLocalDate(value: unknown): string {
  if (!isLocalDate(value)) {
    throw new GraphQLError(`LocalDate must be a real date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}
