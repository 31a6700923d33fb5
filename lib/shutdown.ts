import { z } from 'zod';
import { DEFAULT_SHUTDOWN_DRAIN_MS } from './http/graceful-close.js';
import type { Logger } from './logger.js';
import { parseConfig } from './parse-config.js';

/** What a process needs to know to stop: how long it lets requests in flight finish. */
export interface ShutdownSettings {
  /** SHUTDOWN_DRAIN_MS: default 10 000 (10 s). */
  readonly drainMs: number;
}

/** SHUTDOWN_DRAIN_MS of any process of the hub, checked like every other setting. */
export function loadShutdownSettings(env: NodeJS.ProcessEnv): ShutdownSettings {
  const settings = parseConfig(
    'shutdown',
    z.object({ SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).default(DEFAULT_SHUTDOWN_DRAIN_MS) }),
    env,
  );
  return { drainMs: settings.SHUTDOWN_DRAIN_MS };
}

/** Time allowed, past the drain, for closing databases and queues before the process goes anyway. */
const CLOSE_GRACE_MS = 5_000;

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits. A second signal while stopping exits at
 * once, so an operator is never stuck behind a hung shutdown; so does a `stop` still running
 * `drainMs` plus a few seconds after the signal (its servers give up on requests after `drainMs`).
 */
export function onShutdownSignal(logger: Logger, stop: () => Promise<void>, settings?: ShutdownSettings): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, drainMs: settings?.drainMs }, 'shutting down');
    if (settings) {
      setTimeout(() => {
        logger.error({ drainMs: settings.drainMs }, 'shutdown did not finish in time: exiting now');
        process.exit(1);
      }, settings.drainMs + CLOSE_GRACE_MS).unref();
    }
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: a second signal must reach `handle` (and not the default action, which kills).
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
