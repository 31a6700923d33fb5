import { GraphQLDateTimeISO } from 'graphql-scalars';
import { isIsoDate } from '../../lib/calendar.js';
import { MoneyFormatError, parseYuan } from './money.js';

/**
 * The one check of each custom scalar of the contract, shared by the subgraphs' scalars (which
 * parse with it) and the gateway (which refuses bad values before any shard is called, since its
 * composed schema only knows these scalars by name).
 * Each returns why a value is not one of the scalar, or null when it is.
 */
export const SCALAR_RULES: Readonly<Record<string, (value: unknown) => string | null>> = {
  Money: moneyProblem,
  LocalDate: localDateProblem,
  DateTimeISO: dateTimeProblem,
};

function moneyProblem(value: unknown): string | null {
  try {
    parseYuan(value);
    return null;
  } catch (error) {
    if (error instanceof MoneyFormatError) return error.message;
    throw error;
  }
}

export function localDateProblem(value: unknown): string | null {
  return isIsoDate(value) ? null : `LocalDate must be a real date written YYYY-MM-DD, got ${JSON.stringify(value)}`;
}

/** The subgraphs' DateTimeISO scalar (type-graphql's, from graphql-scalars) is the rule itself. */
function dateTimeProblem(value: unknown): string | null {
  try {
    GraphQLDateTimeISO.parseValue(value);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
