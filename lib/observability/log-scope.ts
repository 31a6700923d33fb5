import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line written while serving one request or running one job carries: the request
 * id from the gateway (or the analyst's run request), the run and job ids of a metric job.
 */
export interface LogScope {
  readonly requestId?: string;
  readonly runId?: string;
  readonly jobId?: string;
  readonly queue?: string;
  readonly prefecture?: string;
}

const storage = new AsyncLocalStorage<LogScope>();

/** Runs `fn` with `scope` added to every log line it writes (see lib/logger.ts). */
export function withLogScope<T>(scope: LogScope, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...scope }, fn);
}

/** The scope of the request or job running now, if any. */
export function currentLogScope(): LogScope | undefined {
  return storage.getStore();
}

/** A caller's `x-request-id` is kept when it looks like one; anything else is replaced. */
export const REQUEST_ID_PATTERN = /^[\w.-]{8,100}$/;
export const REQUEST_ID_HEADER = 'x-request-id';
