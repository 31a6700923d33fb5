/**
 * One-machine mode: hosts several prefecture subgraphs in one process, each with its own database
 * (a SQLite file per prefecture, or a PostgreSQL database per prefecture from a URL template) and
 * its own port. Production runs one `server.ts` per prefecture instead.
 *
 * Settings: multi-server-config.ts (docs/settings.md lists them).
 */
import 'reflect-metadata';
import { databaseTarget } from '../../lib/database-url.js';
import { createLogger } from '../../lib/logger.js';
import { createMetricsRegistry } from '../../lib/observability/metrics.js';
import { parseConfig } from '../../lib/parse-config.js';
import { loadShutdownSettings, onShutdownSignal } from '../../lib/shutdown.js';
import { PREFECTURES } from '../../schema/prefectures.js';
import { gatewayTrustOf, oneGatewayKeySource } from '../lib/auth/gateway-trust.js';
import { createPrefectureApp, type PrefectureApp } from './app.js';
import { multiServerSettingsSchema } from './multi-server-config.js';
import { openPrefectureDatabase } from './db/open-database.js';
import { seedDemoData } from './demo/index.js';
import { Project } from './entities/index.js';

const config = parseConfig('prefecture shard host', multiServerSettingsSchema, process.env, [oneGatewayKeySource]);
const gatewayTrust = gatewayTrustOf(config);
const shutdown = loadShutdownSettings(process.env);
const logger = createLogger('prefecture-shards');

const started: { code: string; url: string; app: PrefectureApp; close: () => Promise<void> }[] = [];
for (const code of config.PREFECTURE_CODES) {
  const target = databaseTarget(
    config.DATABASE_URL_TEMPLATE?.replace('{code}', code),
    `${config.DATA_DIR}/prefecture-${code}.sqlite`,
  );
  if (target.dialect === 'postgresql') await ensurePostgresDatabase(target.url);
  const orm = await openPrefectureDatabase(target, { migrate: true });
  if (config.DEMO_DATA === 'auto' && (await orm.em.fork().count(Project, {})) === 0) {
    const counts = await seedDemoData(orm.em.fork(), { prefectureCode: code, projects: config.DEMO_PROJECTS });
    logger.info({ prefecture: code, ...counts }, 'empty database: demo data generated');
  }
  const app = await createPrefectureApp({
    prefectureCode: code,
    orm,
    dialect: target.dialect,
    gatewayTrust,
    logger: logger.child({ prefecture: code }),
    // Each shard's /metrics carries its code; the process metrics come with the first one.
    metrics: createMetricsRegistry({ processMetrics: started.length === 0, labels: { prefecture: code } }),
  });
  const port = config.BASE_PORT === 0 ? 0 : config.BASE_PORT + PREFECTURES.findIndex((p) => p.code === code);
  const url = await app.listen(port, config.HOST);
  started.push({
    code,
    url,
    app,
    close: async () => {
      await app.close(shutdown.drainMs);
      await orm.close(true);
    },
  });
}
// Parents (npm start, benchmarks) read this line to learn the URLs.
logger.info({ shards: Object.fromEntries(started.map((s) => [s.code, s.url])) }, 'prefecture shards ready');

onShutdownSignal(
  logger,
  async () => {
    await Promise.all(started.map((s) => s.close()));
  },
  shutdown,
);

async function ensurePostgresDatabase(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`create database "${name.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
}
