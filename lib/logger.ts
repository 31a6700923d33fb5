import { pino, type Logger } from 'pino';

/** Structured JSON logs on stdout; LOG_LEVEL tunes verbosity (default info, silent in tests). */
export function createLogger(name: string, bindings: Record<string, unknown> = {}): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  return pino({ name, level, base: { service: name, ...bindings } });
}

export type { Logger };
