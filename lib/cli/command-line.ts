import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isIsoDate } from '../calendar.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

/**
 * A command-line tool's arguments, read with node:util's parseArgs plus `--help`/`-h`. A mistake
 * on the command line (an unknown option, a missing value) is the user's: it is said with the
 * usage and exit code 2, never as a stack trace. Null when there is nothing to run (help was
 * printed, or the mistake was reported).
 */
export function readCommandLine<T extends Options>(options: T, usage: string) {
  const config = { allowPositionals: true as const, options: { ...options, ...HELP } };
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    usageError((error as Error).message, usage);
    return null;
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    return null;
  }
  return parsed;
}

/** A mistake on the command line: what is wrong, then the usage; exit code 2. */
export function usageError(problem: string, usage: string): void {
  console.error(`${problem}\n${usage}`);
  process.exitCode = 2;
}

/**
 * What is wrong with the words after the command, given how many it takes: a stray word (a date
 * meant for an option, a second file) would otherwise be ignored without a word.
 */
export function extraArgumentsProblem(positionals: readonly string[], takes: number): string | null {
  const extra = positionals.slice(1 + takes);
  if (!extra.length) return null;
  const hint = /^\d{4}-\d{2}-\d{2}$/.test(extra[0]) ? ` (a date? --as-of ${extra[0]})` : '';
  return `unexpected argument "${extra[0]}" after "${positionals[0]}"${hint}`;
}

/** What is wrong with a date option's value (YYYY-MM-DD, a real day), or null; null when not given. */
export function dateOptionProblem(option: string, value: string | undefined): string | null {
  if (value === undefined || isIsoDate(value)) return null;
  return `${option} must be a date, YYYY-MM-DD (got ${JSON.stringify(value)})`;
}
