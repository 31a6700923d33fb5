/**
 * What can be checked of docker-compose.yml, the Dockerfile and the Postgres init script without a
 * Docker engine: the file parses, every service runs a file that exists with settings its
 * process's config knows and accepts, published ports don't clash, every prefecture has a service
 * and a database, and the pieces point at each other (URLs, healthchecks, Redis settings).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadGatewayConfig } from '../../gateway/config.js';
import { ConfigError } from '../../lib/parse-config.js';
import { PREFECTURES } from '../../schema/prefectures.js';
import { loadPrefectureConfig } from '../../subgraphs/prefecture/config.js';
import { loadProvinceConfig } from '../../subgraphs/province/config.js';
import { loadWorkersConfig } from '../../workers/config.js';
import { settingsReadBy } from './env-probe.js';
import { loadSigningKeys } from '../../gateway/auth/signing-keys.js';
import { subgraphCredentials } from '../../gateway/auth/subgraph-credentials.js';
import { gatewayKeyLookup } from '../../subgraphs/lib/auth/gateway-trust.js';
import { verifyHubCredential } from '../../subgraphs/lib/auth/verify-credential.js';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | { target: number; published?: string | number; host_ip?: string })[];
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] | string };
  restart?: string;
  volumes?: string[];
  user?: string;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** Entry points of the hub's processes and the config loader each one runs at start. */
const ENTRY_POINTS: Record<string, (env: NodeJS.ProcessEnv) => unknown> = {
  'gateway/server.ts': loadGatewayConfig,
  'subgraphs/prefecture/server.ts': loadPrefectureConfig,
  'subgraphs/province/server.ts': loadProvinceConfig,
  'workers/server.ts': loadWorkersConfig,
};
/** Read outside the per-process schemas: by lib/logger.ts and Apollo Server in every process. */
const PROCESS_WIDE_SETTINGS = new Set(['LOG_LEVEL', 'NODE_ENV']);

/** docker compose's interpolation: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])((?:[^}])*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (match, dollar, name, colon, op, arg, bare) => {
      if (dollar === '$') return '$';
      if (bare) return vars[bare] ?? '';
      const value = vars[name];
      const missing = value === undefined || (colon === ':' && value === '');
      if (op === '-') return missing ? interpolate(arg, vars) : value;
      if (op === '?') {
        if (missing) throw new Error(`required variable ${name} is missing a value: ${arg}`);
        return value;
      }
      return value ?? '';
    },
  );
}

function interpolateDeep<T>(value: T, vars: Record<string, string>): T {
  if (typeof value === 'string') return interpolate(value, vars) as T;
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, vars)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, vars)])) as T;
  return value;
}

function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]] = m[2];
  }
  return vars;
}

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env))
    return Object.fromEntries(env.map((entry) => [entry.split('=')[0], entry.split('=').slice(1).join('=')]));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

function commandOf(service: ComposeService): string[] {
  return typeof service.command === 'string' ? service.command.split(/\s+/) : (service.command ?? []);
}

/** How `npm run build` compiles: tsconfig.build.json's output folder and the folders it compiles. */
const BUILD = JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as {
  compilerOptions: { outDir: string; rootDir: string };
  include: string[];
};

/** The compiled file a `node [flags] dist/<path>.js` command runs. */
function compiledEntryOf(command: readonly string[]): string | undefined {
  return command.find((arg) => /\.(ts|js|mjs)$/.test(arg));
}

/** The source file tsc compiles into `compiled` (dist/<path>.js ← <path>.ts), or the argument itself when it is none. */
function sourceOfCompiled(compiled: string): string {
  const match = new RegExp(`^${BUILD.compilerOptions.outDir}/(.+)\\.js$`).exec(compiled);
  return match ? `${match[1]}.ts` : compiled;
}

/** The source file of the compiled entry point a service's command runs. */
function entryPointOf(service: ComposeService): string | undefined {
  const compiled = compiledEntryOf(commandOf(service));
  return compiled && sourceOfCompiled(compiled);
}

/** Host ports a `ports:` entry publishes: `[ip:]host[-end]:container[/proto]`. */
function publishedPorts(
  entry: string | { target: number; published?: string | number; host_ip?: string },
): { ip: string; port: number; target: number }[] {
  let ip = '0.0.0.0';
  let host: string;
  let target: number;
  if (typeof entry === 'object') {
    if (entry.published === undefined) return [];
    ip = entry.host_ip ?? ip;
    host = String(entry.published);
    target = entry.target;
  } else {
    const parts = entry.replace(/\/(tcp|udp)$/, '').split(':');
    if (parts.length === 1) return [];
    if (parts.length === 3) ip = parts.shift()!;
    host = parts[0];
    target = Number(parts[1]);
  }
  const [from, to] = host.split('-').map(Number);
  return Array.from({ length: (to ?? from) - from + 1 }, (_, i) => ({ ip, port: from + i, target }));
}

describe('docker-compose.yml', () => {
  let raw: ComposeFile;
  let compose: ComposeFile;
  let dotenv: Record<string, string>;
  let dir: string;

  beforeAll(() => {
    raw = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as ComposeFile;
    // The .env an operator makes with the documented command.
    dir = mkdtempSync(join(tmpdir(), 'hub-compose-'));
    execFileSync('sh', ['ops/make-env.sh', join(dir, '.env')], { stdio: 'pipe' });
    dotenv = parseEnvFile(readFileSync(join(dir, '.env'), 'utf8'));
    compose = interpolateDeep(raw, dotenv);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const appServices = () => Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

  it('parses, and refuses to interpolate without the secrets of .env (an unfilled .env.example stops compose)', () => {
    expect(Object.keys(raw.services).length).toBeGreaterThan(PREFECTURES.length);
    const example = parseEnvFile(readFileSync('.env.example', 'utf8'));
    expect(() => interpolateDeep(raw, example)).toThrow(/required variable \w+ is missing a value/);
    // Every variable compose reads is documented in .env.example.
    const used = new Set(
      [...readFileSync('docker-compose.yml', 'utf8').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]),
    );
    for (const name of used) expect(Object.keys(example), `${name} is not in .env.example`).toContain(name);
    for (const name of ['POSTGRES_PASSWORD', 'HUB_DB_PASSWORD', 'REDIS_PASSWORD', 'USER_TOKEN_SECRET']) {
      expect(example[name], `.env.example must not ship a value for ${name}`).toBe('');
      expect(dotenv[name]).toMatch(/^[0-9a-f]{64}$/);
    }
    for (const name of ['GATEWAY_SIGNING_KEYS', 'GATEWAY_PUBLIC_KEYS'])
      expect(example[name], `.env.example must not ship ${name}`).toBe('');
    expect(Object.keys(example)).not.toContain('HUB_TOKEN_SECRET');
  });

  it('runs each app service from a compiled entry point whose source exists and the build compiles', () => {
    expect(BUILD.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: '.' });
    const apps = appServices();
    expect(apps.length).toBe(PREFECTURES.length + 3);
    for (const [name, service] of apps) {
      const command = commandOf(service);
      expect(command[0], name).toBe('node');
      // Compiled JavaScript with its source maps (stack traces name the .ts lines), no tsx at run time.
      expect(command, name).toContain('--enable-source-maps');
      expect(command, name).not.toContain('tsx');
      const compiled = compiledEntryOf(command)!;
      expect(compiled, name).toMatch(/^dist\/.+\.js$/);
      expect(command.at(-1), `${name}: the entry point comes last`).toBe(compiled);
      expect(
        command.slice(1, -1).every((flag) => /^--[\w-]+(=\S+)?$/.test(flag)),
        `${name}: node flags`,
      ).toBe(true);
      const entry = entryPointOf(service)!;
      expect(existsSync(entry), `${name}: ${entry} (source of ${compiled}) does not exist`).toBe(true);
      expect(BUILD.include, `${name}: tsconfig.build.json does not compile ${entry}`).toContain(entry.split('/')[0]);
      expect(Object.keys(ENTRY_POINTS), name).toContain(entry);
      expect(service.restart, name).toBe('unless-stopped');
    }
  });

  it("sets only settings the process's config knows, and each process accepts them", () => {
    for (const [name, service] of appServices()) {
      const entry = entryPointOf(service)!;
      const load = ENTRY_POINTS[entry];
      const env = environmentOf(service);
      const known = settingsReadBy(load, env);
      for (const setting of Object.keys(env)) {
        if (PROCESS_WIDE_SETTINGS.has(setting)) continue;
        expect(known.has(setting), `${name} sets ${setting}, which ${entry}'s config does not read`).toBe(true);
      }
      try {
        load(env);
      } catch (error) {
        const reason = error instanceof ConfigError ? error.message : String(error);
        throw new Error(`${name}: ${entry} would not start: ${reason}`, { cause: error });
      }
    }
  });

  it('has a service and a database for every prefecture, and the registry points at them', () => {
    const init = readFileSync('ops/postgres/init/10-databases.sh', 'utf8');
    const created = new Set([...init.matchAll(/CREATE DATABASE (\w+)/g)].map((m) => m[1]));
    expect(created).toContain('hub');
    const province = compose.services.province;
    const provinceConfig = loadProvinceConfig(environmentOf(province));
    const shardUrls = provinceConfig.initialShardUrls;
    // Only `npm start` owns its shards; here an admin's registrations must survive every restart.
    expect(provinceConfig.shardUrlsOwnedByStart).toBe(false);
    for (const prefecture of PREFECTURES) {
      const services = appServices().filter(([, s]) => environmentOf(s).PREFECTURE_CODE === prefecture.code);
      expect(
        services.map(([name]) => name),
        prefecture.code,
      ).toEqual([`prefecture-${prefecture.slug}`]);
      const [name, service] = services[0];
      const env = environmentOf(service);
      expect(entryPointOf(service)).toBe('subgraphs/prefecture/server.ts');
      expect(new URL(env.DATABASE_URL).pathname, name).toBe(`/prefecture_${prefecture.code}`);
      expect(created, `init script creates no database for ${prefecture.code}`).toContain(
        `prefecture_${prefecture.code}`,
      );
      expect(shardUrls[prefecture.code], name).toBe(`http://${name}:${env.PORT}/graphql`);
    }
    expect(created.size).toBe(PREFECTURES.length + 1);
    // Every database a service connects to is created, on the postgres service, as the app role.
    for (const [name, service] of appServices()) {
      const url = environmentOf(service).DATABASE_URL;
      if (!url) continue;
      const parsed = new URL(url);
      expect(created, name).toContain(parsed.pathname.slice(1));
      expect(parsed.hostname, name).toBe('postgres');
      expect(parsed.username, name).toBe('hub_app');
      expect(decodeURIComponent(parsed.password), name).toBe(dotenv.HUB_DB_PASSWORD);
    }
    expect(init).toMatch(/CREATE ROLE hub_app LOGIN PASSWORD :'app_password'/);
    expect(environmentOf(compose.services.postgres).HUB_DB_PASSWORD).toBe(dotenv.HUB_DB_PASSWORD);
    expect(compose.services.postgres.volumes).toContain('./ops/postgres/init:/docker-entrypoint-initdb.d:ro');
  });

  it('gives the private signing key to the gateway only: no other service holds a private key or a signing secret', () => {
    const privateParts = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']);
    for (const [name, service] of appServices()) {
      if (name === 'gateway') continue;
      const env = environmentOf(service);
      expect(Object.keys(env), name).not.toContain('GATEWAY_SIGNING_KEYS');
      expect(Object.keys(env), name).not.toContain('HUB_TOKEN_SECRET');
      for (const [setting, value] of Object.entries(env)) {
        if (!value.trimStart().startsWith('{"')) continue;
        const keys = (JSON.parse(value) as { keys?: Record<string, unknown>[] }).keys ?? [];
        for (const key of keys) {
          expect(
            Object.keys(key).filter((part) => privateParts.has(part)),
            `${name}: ${setting} holds a private key`,
          ).toEqual([]);
        }
      }
    }
  });

  it("generates a key pair whose public half verifies the gateway's credentials", async () => {
    const signingKeys = loadGatewayConfig(environmentOf(compose.services.gateway)).signingKeys;
    const trust = loadPrefectureConfig(environmentOf(compose.services['prefecture-kunming'])).gatewayTrust;
    const credentials = subgraphCredentials(await loadSigningKeys(signingKeys));
    const token = await credentials.forActor({ subject: 'viewer-1', role: 'viewer' }, '530100');
    const rules = { keys: gatewayKeyLookup(trust.keys), audience: '530100', maxLifetimeS: trust.maxLifetimeS };
    expect((await verifyHubCredential(token, rules)).kind).toBe('actor');
    // A second run makes another pair: its credentials are refused here.
    const other = join(dir, 'other.env');
    execFileSync('sh', ['ops/make-env.sh', other], { stdio: 'pipe' });
    const otherKeys = loadGatewayConfig({
      ...environmentOf(compose.services.gateway),
      ...parseEnvFile(readFileSync(other, 'utf8')),
    }).signingKeys;
    const foreign = await subgraphCredentials(await loadSigningKeys(otherKeys)).forActor(
      { subject: 'viewer-1', role: 'viewer' },
      '530100',
    );
    await expect(verifyHubCredential(foreign, rules)).rejects.toThrow(/does not trust|invalid/);
  });

  it('wires the processes to each other by service name and port', () => {
    const env = (name: string) => environmentOf(compose.services[name]);
    const urlOf = (name: string) => `http://${name}:${env(name).PORT}/graphql`;
    expect(env('gateway').PROVINCE_URL).toBe(urlOf('province'));
    expect(env('workers').GATEWAY_URL).toBe(urlOf('gateway'));
    // The gateway signs with the private key; every subgraph trusts its public half; one user-token secret for gateway and workers.
    expect(env('gateway').GATEWAY_SIGNING_KEYS).toBe(dotenv.GATEWAY_SIGNING_KEYS);
    for (const [name, service] of appServices()) {
      if (name !== 'workers' && name !== 'gateway')
        expect(environmentOf(service).GATEWAY_PUBLIC_KEYS, name).toBe(dotenv.GATEWAY_PUBLIC_KEYS);
      expect(
        environmentOf(service).HOST ?? environmentOf(service).BOARD_HOST,
        `${name} must listen beyond its container's loopback`,
      ).toBe('0.0.0.0');
    }
    expect(env('workers').USER_TOKEN_SECRET).toBe(env('gateway').USER_TOKEN_SECRET);
    // Workers and the province subgraph (the producer) use the same queues.
    expect(env('workers').QUEUE_PREFIX).toBe(env('province').QUEUE_PREFIX);
    expect(env('workers').QUEUE_PREFIX).toMatch(/^\{[\w-]+\}$/);
    expect(env('workers').REDIS_URL).toBe(env('province').REDIS_URL);
    expect(new URL(env('workers').REDIS_URL).hostname).toBe('redis');
    // depends_on names real services; named volumes are declared.
    for (const [name, service] of Object.entries(compose.services)) {
      const deps = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect(Object.keys(compose.services), `${name} depends on ${dep}`).toContain(dep);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (!source.startsWith('.') && !source.startsWith('/'))
          expect(Object.keys(compose.volumes ?? {}), name).toContain(source);
      }
    }
  });

  it('runs Redis with AOF and noeviction, password-protected', () => {
    const command = commandOf(compose.services.redis).join(' ');
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    expect(command).toContain(`--requirepass ${dotenv.REDIS_PASSWORD}`);
    expect(new URL(environmentOf(compose.services.workers).REDIS_URL).password).toBe(dotenv.REDIS_PASSWORD);
    expect(compose.services.redis.volumes).toContain('redisdata:/data');
  });

  it('gives the gateway its own cache Redis: a memory cap and allkeys-lru, apart from the queues’ Redis', () => {
    const command = commandOf(compose.services['cache-redis']).join(' ');
    expect(command).toMatch(/--maxmemory \d+[kmg]b/);
    expect(command).toMatch(/--maxmemory-policy allkeys-lru/);
    expect(command).toContain(`--requirepass ${dotenv.CACHE_REDIS_PASSWORD}`);
    expect(dotenv.CACHE_REDIS_PASSWORD).not.toBe(dotenv.REDIS_PASSWORD);
    const cacheUrl = new URL(environmentOf(compose.services.gateway).CACHE_REDIS_URL);
    expect(cacheUrl.hostname).toBe('cache-redis');
    expect(cacheUrl.password).toBe(dotenv.CACHE_REDIS_PASSWORD);
    expect(cacheUrl.hostname).not.toBe(new URL(environmentOf(compose.services.workers).REDIS_URL).hostname);
    expect(Object.keys(compose.services.gateway.depends_on ?? {})).toContain('cache-redis');
    // BullMQ's Redis must still never evict.
    expect(commandOf(compose.services.redis).join(' ')).toMatch(/--maxmemory-policy noeviction/);
  });

  it('has a healthcheck on every service, on the port the process listens on', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.healthcheck?.test, `${name} has no healthcheck`).toBeDefined();
      const test = [service.healthcheck!.test].flat().join(' ');
      if (name === 'postgres') expect(test).toMatch(/pg_isready/);
      else if (name === 'redis' || name === 'cache-redis') expect(test).toMatch(/redis-cli ping/);
      else {
        const env = environmentOf(service);
        const url = /fetch\('([^']+)'\)/.exec(test)?.[1];
        expect(url, name).toBeDefined();
        expect(new URL(url!).pathname, name).toBe('/health');
        expect(new URL(url!).port, name).toBe(name === 'workers' ? env.METRICS_PORT : env.PORT);
      }
    }
  });

  it('publishes no host port twice, and each published port reaches a port the process listens on', () => {
    const taken = new Map<number, { ip: string; service: string }[]>();
    for (const [name, service] of Object.entries(compose.services)) {
      const env = environmentOf(service);
      const listening = new Set([env.PORT, env.BOARD_PORT, env.METRICS_PORT].filter(Boolean).map(Number));
      for (const entry of service.ports ?? []) {
        for (const { ip, port, target } of publishedPorts(entry)) {
          expect(
            listening,
            `${name} publishes ${port}->${target}, but listens on ${[...listening].join(',')}`,
          ).toContain(target);
          const others = taken.get(port) ?? [];
          for (const other of others) {
            const clash = other.ip === ip || other.ip === '0.0.0.0' || ip === '0.0.0.0';
            expect(clash, `host port ${port} is published by ${other.service} and ${name}`).toBe(false);
          }
          taken.set(port, [...others, { ip, service: name }]);
        }
      }
    }
    expect([...taken.keys()].sort()).toEqual([4000, 4099]);
    // The internal services are not published at all.
    for (const name of [
      'postgres',
      'redis',
      'cache-redis',
      'province',
      ...PREFECTURES.map((p) => `prefecture-${p.slug}`),
    ]) {
      expect(compose.services[name].ports, name).toBeUndefined();
    }
    // A port range (documented for scaling out) parses as one port per replica.
    expect(publishedPorts('4000-4002:4000').map((p) => p.port)).toEqual([4000, 4001, 4002]);
    expect(publishedPorts('127.0.0.1:4099:4099')).toEqual([{ ip: '127.0.0.1', port: 4099, target: 4099 }]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds in stages from the lock file and runs as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/COPY package\.json package-lock\.json/);
    expect(dockerfile).toMatch(/RUN npm ci --omit=dev --ignore-scripts/);
    const runtime = stages.at(-1)!;
    const users = [...runtime.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime).toMatch(/ENV NODE_ENV=production/);
    // The default command, like every compose command, runs a compiled file whose source exists.
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(runtime)![1]) as string[];
    expect(cmd.slice(0, 2)).toEqual(['node', '--enable-source-maps']);
    expect(Object.keys(ENTRY_POINTS)).toContain(sourceOfCompiled(cmd.at(-1)!));
  });

  it('compiles in a build stage and runs only its output (no TypeScript source in the runtime image)', () => {
    const build = stages.find((stage) => /^RUN npm run build$/m.test(stage));
    expect(build, 'a stage running npm run build').toBeDefined();
    // The build needs the dev dependencies (typescript), the runtime image only the production ones.
    expect(build).toMatch(/RUN npm ci --ignore-scripts/);
    const buildName = /^\S+ AS (\S+)/.exec(build!)![1];
    const runtime = stages.at(-1)!;
    expect(runtime).toContain(`COPY --from=${buildName} /app/dist ./dist`);
    expect(runtime).not.toMatch(/^COPY \. /m);
    expect(readFileSync('.dockerignore', 'utf8').split('\n')).toContain('dist');
  });

  it('keeps secrets, local data and dependencies out of the build context', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
    for (const entry of ['.env', 'node_modules', 'data', '.git']) expect(ignored).toContain(entry);
    expect(readFileSync('.gitignore', 'utf8').split('\n')).toContain('.env');
  });
});
