import { pino, type DestinationStream, type Logger } from 'pino';
import { currentLogScope } from './observability/log-scope.js';

/**
 * Structured JSON logs on stdout; LOG_LEVEL tunes verbosity (default info, silent in tests). A
 * line written while serving a request or running a job carries its `requestId` (and `runId`,
 * `jobId`, `queue`, `prefecture` for jobs) without the caller passing them: see
 * lib/observability/log-scope.ts. `destination` (tests) replaces stdout.
 */
export function createLogger(
  name: string,
  bindings: Record<string, unknown> = {},
  destination?: DestinationStream,
): Logger {
  const level = logLevel(process.env.LOG_LEVEL, process.env.VITEST && !destination ? 'silent' : 'info');
  const options = { name, level, base: { service: name, ...bindings }, mixin: () => ({ ...currentLogScope() }) };
  return destination ? pino(options, destination) : pino(options);
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** LOG_LEVEL, or `fallback` when it is unset or empty (as `LOG_LEVEL=` in an .env file leaves it). */
export function logLevel(value: string | undefined, fallback: string): string {
  const level = value?.trim().toLowerCase();
  if (!level) return fallback;
  if (!(LEVELS as readonly string[]).includes(level))
    throw new Error(`LOG_LEVEL: must be one of ${LEVELS.join(', ')} (got "${value}")`);
  return level;
}

export type { Logger };
