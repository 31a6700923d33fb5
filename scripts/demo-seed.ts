/**
 * Fills one prefecture database with deterministic demo data (subgraphs/prefecture/demo).
 *   npx tsx scripts/demo-seed.ts --prefecture 530100 [--projects 10000] [--seed 20190618]
 *     [--reference-date 2026-10-31] [--database-url postgres://…] [--sqlite-path file] [--replace]
 * Without --database-url it writes the SQLite file the subgraph uses (data/prefecture-<code>.sqlite).
 * A database that already holds projects is refused unless --replace, which first deletes this
 * prefecture's projects and records.
 */
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { databaseTarget } from '../lib/database-url.js';
import { isPrefectureCode } from '../schema/prefectures.js';
import { openPrefectureDatabase } from '../subgraphs/prefecture/db/open-database.js';
import { deletePrefectureRows, seedDemoData } from '../subgraphs/prefecture/demo/index.js';
import { Project } from '../subgraphs/prefecture/entities/index.js';

const { values } = parseArgs({
  options: {
    prefecture: { type: 'string' },
    projects: { type: 'string', default: '300' },
    seed: { type: 'string' },
    'reference-date': { type: 'string' },
    'database-url': { type: 'string' },
    'sqlite-path': { type: 'string' },
    replace: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`demo-seed: ${message}`);
  process.exit(2);
}

const code = values.prefecture ?? fail('--prefecture <6-digit code> is required');
if (!isPrefectureCode(code)) fail(`${code} is not a Yunnan prefecture code (see schema/prefectures.json)`);
const projects = Number(values.projects);
if (!Number.isInteger(projects) || projects < 0) fail(`--projects must be a whole number, got ${values.projects}`);
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (seed !== undefined && !Number.isInteger(seed)) fail(`--seed must be an integer, got ${values.seed}`);
const url = values['database-url'];
if (url && !/^postgres(ql)?:\/\//.test(url)) fail('--database-url must be a postgres:// URL');

const target = databaseTarget(url, values['sqlite-path'] ?? `data/prefecture-${code}.sqlite`);
if (target.dialect === 'sqlite') mkdirSync(dirname(target.path), { recursive: true });
const orm = await openPrefectureDatabase(target, { migrate: true });
try {
  const em = orm.em.fork();
  const existing = await em.count(Project, {});
  if (existing > 0 && !values.replace) {
    console.error(
      `demo-seed: the database already holds ${existing} project(s); pass --replace to delete prefecture ${code}'s rows and seed again`,
    );
    process.exitCode = 2;
  } else {
    if (values.replace) {
      const deleted = await deletePrefectureRows(em, code);
      console.log(`deleted ${deleted} project(s) of ${code} and their records`);
    }
    const started = performance.now();
    const counts = await seedDemoData(em, {
      prefectureCode: code,
      projects,
      seed,
      referenceDate: values['reference-date'],
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `seeded prefecture ${code} into ${target.dialect === 'sqlite' ? target.path : 'postgresql'} in ${seconds.toFixed(2)} s`,
    );
    console.table(counts);
  }
} finally {
  await orm.close(true);
}
