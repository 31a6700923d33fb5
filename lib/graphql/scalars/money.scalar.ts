import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { formatFen, MoneyFormatError, parseYuan } from '../../../schema/contract/money.js';

/**
 * Money in yuan with at most two decimals, carried internally as integer fen (bigint) so sums
 * never drift. Serialized as a decimal string because amounts beyond 2^53 fen exist.
 */
export const MoneyScalar = new GraphQLScalarType<bigint, string>({
  name: 'Money',
  description:
    'An exact amount of yuan (元) as a decimal string with at most two decimals, e.g. "35000000000.00". ' +
    'Never a float: sums are exact.',
  serialize(value) {
    if (typeof value === 'bigint') return formatFen(value);
    throw new GraphQLError(`Money cannot represent ${String(value)}`);
  },
  parseValue: parseMoney,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return parseMoney(ast.value);
    throw new GraphQLError('Money must be a decimal string such as "1250000.00"');
  },
});

function parseMoney(value: unknown): bigint {
  try {
    return parseYuan(value);
  } catch (error) {
    if (error instanceof MoneyFormatError) throw new GraphQLError(error.message);
    throw error;
  }
}
