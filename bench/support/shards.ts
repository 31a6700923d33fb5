import { mkdtempSync, rmSync } from 'node:fs';
import type { KeySet } from '../../lib/auth/gateway-key-pair.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup, startChild, type ChildHandle } from './lifecycle.js';
import { adminQuery, databaseUrl, dropDatabase } from './postgres.js';

export interface ShardHost {
  /** Every shard process: one, or one per prefecture (see `processes`). */
  readonly children: readonly ChildHandle[];
  /** The first (or only) shard process. */
  readonly child: ChildHandle;
  /** Prefecture code → GraphQL URL. */
  readonly urls: Record<string, string>;
  /** From the first spawn to "ready": migrations plus demo data generation. */
  readonly seedMs: number;
  /** From the second spawn (data in place) to "ready". */
  readonly startupMs: number;
}

export interface ShardHostOptions {
  readonly label: string;
  readonly codes: readonly string[];
  readonly projectsPerShard: number;
  readonly dialect: 'sqlite' | 'postgresql';
  /** The gateway's public JWKS, which the shards trust (GATEWAY_PUBLIC_KEYS). */
  readonly gatewayPublicKeys: KeySet;
  readonly readyTimeoutMs: number;
  /** Extra node flags for the serving child, e.g. --cpu-prof. */
  readonly nodeArgs?: string[];
  /**
   * Default true: stop the host after it generated the demo data and start it again to serve, so
   * the measured process carries nothing from seeding. False saves that restart.
   */
  readonly restart?: boolean;
  /**
   * 'one' (default): every shard in one process (one event loop, as `npm start` runs them).
   * 'per-prefecture': a process per prefecture, as production runs them (each prefecture its own
   * `server.ts`), so the shards can use every CPU of the machine between them.
   */
  readonly processes?: 'one' | 'per-prefecture';
}

/**
 * Runs subgraphs/prefecture/multi-server.ts in a child process, or one per prefecture (their own
 * event loops, apart from the load generator and the gateways), on temp SQLite files or scratch PostgreSQL databases
 * that are removed afterwards, listening on random ports of 127.0.0.1.
 *
 * By default the host is started twice: the first run generates the demo data and is stopped; the
 * second finds the data in place and serves. So the measured process carries no garbage or JIT
 * state from seeding, and a CPU profile of it holds request handling only.
 */
export async function startShardHost(options: ShardHostOptions): Promise<ShardHost> {
  const dataDir = mkdtempSync(join(tmpdir(), `hub-bench-${options.label}-`));
  onCleanup(`remove ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
  const env: Record<string, string> = {
    PREFECTURE_CODES: options.codes.join(','),
    BASE_PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    GATEWAY_PUBLIC_KEYS: JSON.stringify(options.gatewayPublicKeys),
    DEMO_DATA: 'auto',
    DEMO_PROJECTS: String(options.projectsPerShard),
    NODE_ENV: 'production',
  };
  if (options.dialect === 'postgresql') {
    const prefix = `bench_${options.label.replace(/\W/g, '_').toLowerCase()}_${process.pid}`;
    const names = options.codes.map((code) => `${prefix}_${code}`);
    // Registered before the child creates them, so an abort half-way still drops them.
    onCleanup(`drop ${names.length} scratch database(s) ${prefix}_*`, async () => {
      for (const name of names) await dropDatabase(name);
    });
    for (const name of names) {
      await dropDatabase(name);
      await adminQuery(`create database "${name}"`);
    }
    env.DATABASE_URL_TEMPLATE = databaseUrl(`${prefix}_{code}`);
  }
  const groups = options.processes === 'per-prefecture' ? options.codes.map((code) => [code]) : [options.codes];
  const label = (codes: readonly string[]) =>
    `${options.label} shards${groups.length > 1 ? ` ${codes.join(',')}` : ''}`;
  const spawn = (codes: readonly string[], suffix: string, extra: Record<string, string>, nodeArgs?: string[]) =>
    startChild(
      `${label(codes)}${suffix}`,
      'subgraphs/prefecture/multi-server.ts',
      { ...env, PREFECTURE_CODES: codes.join(','), BENCH_ORPHAN_CLEANUP_DIR: dataDir, ...extra },
      nodeArgs,
    );
  const serve = async (children: ChildHandle[], timeoutMs: number) => {
    const ready = await Promise.all(
      children.map((child) => child.waitForMessage('prefecture shards ready', timeoutMs)),
    );
    const urls = Object.assign({}, ...ready.map((entry) => entry.shards)) as Record<string, string>;
    checkLoopback(urls);
    return urls;
  };
  let started = performance.now();
  if (options.restart === false) {
    const children = groups.map((codes) => spawn(codes, '', {}, options.nodeArgs));
    const urls = await serve(children, options.readyTimeoutMs);
    return { children, child: children[0], urls, seedMs: performance.now() - started, startupMs: 0 };
  }
  const seeders = groups.map((codes) => spawn(codes, ' (seeding)', {}));
  await serve(seeders, options.readyTimeoutMs);
  const seedMs = performance.now() - started;
  await Promise.all(seeders.map((seeder) => seeder.stop()));

  started = performance.now();
  const children = groups.map((codes) => spawn(codes, '', { DEMO_DATA: 'off' }, options.nodeArgs));
  const urls = await serve(children, 60_000);
  return { children, child: children[0], urls, seedMs, startupMs: performance.now() - started };
}

function checkLoopback(urls: Record<string, string>): void {
  for (const url of Object.values(urls)) {
    if (new URL(url).hostname !== '127.0.0.1') throw new Error(`shard listens on ${url}, expected 127.0.0.1`);
  }
}
