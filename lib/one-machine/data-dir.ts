import { join } from 'node:path';

/**
 * The folder one-machine mode keeps its state in (SQLite files, secrets, logs, the hub's URL):
 * HUB_DATA_DIR, default `data`. `npm start`, `npm run token` and `npm run metrics` all read it, so
 * they agree on which hub they talk to.
 */
export function hubDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.HUB_DATA_DIR || 'data';
}

/** A file in the one-machine data folder. */
export function hubDataFile(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(hubDataDir(env), name);
}
