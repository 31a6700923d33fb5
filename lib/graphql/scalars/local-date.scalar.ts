import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { localDateProblem } from '../../../schema/contract/scalar-rules.js';

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

function assertLocalDate(value: unknown): string {
  const problem = localDateProblem(value);
  if (problem === null && typeof value === 'string') return value;
  throw new GraphQLError(String(problem));
}
