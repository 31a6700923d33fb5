/**
 * Fuzzes the gateway for a fixed time (default 60 s) on loopback and prints what came back:
 *   npm run bench:fuzz            FUZZ_SECONDS=60 FUZZ_CLIENTS=8 FUZZ_SEED=2019
 * The hub runs in this process (16 SQLite shards, province, gateway), every write is made by an
 * officer of a prefecture this hub leaves out, so each one must be refused: the script fails when
 * any answer is a 5xx, when any table changed, or when a caller's input got a prefecture left out
 * or a shard marked not serving.
 */
import 'reflect-metadata';
import { PREFECTURES } from '../schema/prefectures.js';
import { fuzzGateway } from './support/fuzz-gateway.js';
import { startHubHarness } from './support/hub-harness.js';
import { officerOf } from './support/hub-tokens.js';
import { createProject, tableCounts } from './support/project-fixtures.js';

const seconds = Number(process.env.FUZZ_SECONDS ?? 60);
const codes = PREFECTURES.map((p) => p.code).slice(0, 15);
const hub = await startHubHarness({ codes, gateway: { rateLimit: { points: 10_000_000, windowSeconds: 60 } } });
try {
  for (const [, shard] of hub.shards) await createProject(shard.harness);
  const before = await Promise.all([...hub.shards.values()].map((s) => tableCounts(s.harness)));
  const token = await hub.tokenFor(officerOf(PREFECTURES.at(-1)!.code));
  const started = Date.now();
  const report = await fuzzGateway(hub.gatewayUrl, token, {
    durationMs: seconds * 1000,
    concurrency: Number(process.env.FUZZ_CLIENTS ?? 8),
    seed: Number(process.env.FUZZ_SEED ?? 2019),
  });
  const after = await Promise.all([...hub.shards.values()].map((s) => tableCounts(s.harness)));
  const unchanged = JSON.stringify(before) === JSON.stringify(after);
  // A caller's input never makes a shard look sick.
  const notServing = hub.gateway.registry
    .all()
    .filter((s) => s.state !== 'SERVING')
    .map((s) => s.prefectureCode);
  const blamed = report.byErrorCode.PREFECTURE_UNAVAILABLE ?? 0;
  console.log(`requests tried: ${report.requests} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`by HTTP status: ${JSON.stringify(report.byStatus)}`);
  console.log(`errors by code: ${JSON.stringify(report.byErrorCode)}`);
  console.log(`5xx or internal errors: ${report.serverErrors.length}; database unchanged: ${unchanged}`);
  console.log(`prefectures left out: ${blamed}; shards not serving: ${notServing.join(', ') || 'none'}`);
  for (const failure of report.serverErrors.slice(0, 5)) console.log(JSON.stringify(failure));
  const summary = { serverErrors: report.serverErrors.length, databaseUnchanged: unchanged, notServing };
  console.log(JSON.stringify({ bench: 'fuzz', seconds, ...report, ...summary }));
  process.exitCode = report.serverErrors.length === 0 && unchanged && blamed === 0 && notServing.length === 0 ? 0 : 1;
} finally {
  await hub.close();
}
