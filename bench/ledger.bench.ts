/**
 * Ledger files through the gateway on this machine:
 *   npm run bench:ledger            (--rows 10000 --projects 10000 --export 1 --compiled)
 * Every component is its own process, as in production: the 16 shards (one host process, SQLite,
 * --projects each, so the province holds 160,000), the province subgraph and the gateway.
 *  1. A ledger of --rows new projects for one prefecture (530100), as .xlsx, previewed (dry run) and
 *     committed through `POST /ledger/imports`: rows/s of each; target both together ≤ 60 s. The
 *     baseline is the same file parsed alone in this process (the floor of the gateway's part).
 *  2. A province-wide export of every project as .xlsx through `ledgerExport` and its download.
 *     The export runs in a process of its own, which reports its peak memory (VmHWM) when it ends:
 *     target < 256 MiB. Also the gateway's peak during the export (VmHWM, reset just before it;
 *     RSS also sampled) and its RSS before, beside its peak over 30 s of serving nothing before it. The baseline, run after, is a bare paged read of the
 *     same pages through the gateway (same query, no file written).
 * `--rows 0` measures the export alone, `--export 0` the import alone; `--compiled` runs the gateway
 * from dist/ under plain node (`npm run build` first), as the image does (its memory is
 * production's; under tsx the gateway also holds the compiler and its transforms). SHARD_PROF=<dir> writes a CPU profile of the shard host there. Stops by itself after 25 min.
 */
import 'reflect-metadata';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintUserToken } from '../lib/auth/mint-user-token.js';
import { uploadLedger } from '../lib/ledger/ledger-client.js';
import { LEDGER_COLUMNS } from '../lib/ledger/ledger-columns.js';
import { parseLedgerFile } from '../lib/ledger/ledger-parse.js';
import { buildLedgerTemplate } from '../lib/ledger/ledger-template.js';
import { PREFECTURES } from '../schema/prefectures.js';
import { onCleanup, runBenchmark } from './support/lifecycle.js';
import { intArg, parseArgs, postGraphQL } from './support/measure.js';
import { memoryOf, resetPeakMemory } from './support/process-memory.js';
import { startHubProcesses } from './support/hub-processes.js';
import { startShardHost } from './support/shards.js';
import { benchGatewayKeys, benchSecret } from './support/tokens.js';

const args = parseArgs(process.argv.slice(2));
/** How long the gateway's memory is watched while it serves nothing, before the export. */
const IDLE_WINDOW_MS = 30_000;
/** 0 skips the import (to measure the export alone). */
const ROWS = intArg(args, 'rows', 10_000, 0);
const PROJECTS = intArg(args, 'projects', 10_000);
/** 0 skips the export (to measure the import alone: the export and its baseline take ~13 min). */
const EXPORT = intArg(args, 'export', 1, 0) > 0;
const COMPILED_GATEWAY = args.has('compiled');
const PREFECTURE = '530100';
const TOKENS = { secret: benchSecret(), issuer: 'yunnan-hub', audience: 'yunnan-hub' };
const MiB = 1024;

runBenchmark('bench:ledger', 1_500_000, async () => {
  if (COMPILED_GATEWAY && !existsSync('dist/gateway/server.js'))
    throw new Error('--compiled runs dist/gateway/server.js: npm run build first');
  const gatewayKeys = await benchGatewayKeys();
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-ledger-'));
  onCleanup(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  const shards = await startShardHost({
    label: 'ledger',
    codes: PREFECTURES.map((p) => p.code),
    projectsPerShard: PROJECTS,
    dialect: 'sqlite',
    gatewayPublicKeys: gatewayKeys.publicKeys,
    readyTimeoutMs: 300_000,
    restart: false,
    nodeArgs: process.env.SHARD_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SHARD_PROF}`] : undefined,
  });
  console.log(`16 shards × ${PROJECTS} projects ready in ${(shards.seedMs / 1000).toFixed(1)} s (seeding included)`);
  const common = { USER_TOKEN_SECRET: TOKENS.secret, NODE_ENV: 'production' };
  // Info logs: the children say when they are ready.
  const { gateway, gatewayUrl } = await startHubProcesses({
    dir,
    shardUrls: shards.urls,
    gatewayKeys,
    env: { ...common, LOG_LEVEL: 'info' },
    shardTimeoutMs: 60_000,
    compiledGateway: COMPILED_GATEWAY,
  });

  const imported = ROWS > 0 ? await benchImport(gatewayUrl) : null;
  if (!EXPORT) return;

  // ---- 2. province-wide export ----
  const viewer = await mintUserToken({ subject: 'bench-viewer', role: 'viewer' }, TOKENS, '1h');
  const auth = { authorization: `Bearer ${viewer}` };
  // The export first, on a gateway that has served nothing else: the bare read after it goes
  // through the cache (the export's own pages do not), which would count against the export's peak.
  // Baseline for the gateway's figure: its peak over a window in which it serves nothing at all
  // (its own health checks and registry reads go on, as they do during the export).
  resetPeakMemory(gateway.pid);
  const idleFrom = memoryOf(gateway.pid);
  await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
  const idle = memoryOf(gateway.pid);
  const before = memoryOf(gateway.pid);
  // The peak is the export's: the gateway's start (composing the supergraph) peaks higher than it
  // idles, and that is not the export's doing. Sampled as well, in case the kernel refuses the reset.
  const peakReset = resetPeakMemory(gateway.pid);
  let sampledPeakKiB = before.rssKiB;
  const sampler = setInterval(() => {
    sampledPeakKiB = Math.max(sampledPeakKiB, memoryOf(gateway.pid).rssKiB);
  }, 100);
  const exportStarted = performance.now();
  const link = await postGraphQL<{ ledgerExport: { url: string } }>(
    gatewayUrl,
    'query { ledgerExport(input: { kind: PROJECTS, orderBy: "ID_ASC" }) { url } }',
    {},
    auth,
  );
  const response = await fetch(new URL(link.ledgerExport.url, gatewayUrl), { headers: auth });
  if (!response.ok || !response.body) throw new Error(`export download: HTTP ${response.status}`);
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  const exportMs = performance.now() - exportStarted;
  clearInterval(sampler);
  const after = memoryOf(gateway.pid);
  const peakKiB = peakReset ? after.hwmKiB : Math.max(sampledPeakKiB, after.rssKiB);
  // The export itself runs in a process of its own, which reports its peak (VmHWM) when it ends.
  const finished = await gateway.waitForMessage('ledger export finished', 10_000);
  const exportPeakMiB = Number(finished.exportPeakRssMiB);
  const bare = await barePagedRead(gatewayUrl, auth);
  console.log(
    `\nbare paged read of every project (pages of 100): ${bare.rows} rows in ${(bare.ms / 1000).toFixed(1)} s`,
  );
  console.log(
    `province-wide export: ${bare.rows} projects, ${(bytes / 1024 / 1024).toFixed(1)} MiB xlsx in ${(exportMs / 1000).toFixed(1)} s (${(exportMs / bare.ms).toFixed(2)}× the bare read)`,
  );
  const mib = (kib: number) => (kib / MiB).toFixed(0);
  console.log(
    `  gateway (${COMPILED_GATEWAY ? 'compiled, node' : 'tsx'}): RSS before ${mib(before.rssKiB)} MiB (its peak since start ${mib(before.hwmKiB)} MiB), ` +
      `peak during the export ${mib(peakKiB)} MiB (${peakReset ? 'VmHWM reset before it' : 'RSS sampled every 100 ms'}; ` +
      `sampled ${mib(sampledPeakKiB)} MiB)`,
  );
  console.log(
    `  gateway idle for ${IDLE_WINDOW_MS / 1000} s before it (baseline): RSS ${mib(idleFrom.rssKiB)} MiB, peak ${mib(idle.hwmKiB)} MiB`,
  );
  console.log(
    `  export process (${COMPILED_GATEWAY ? 'compiled, node' : 'tsx'}): peak ${exportPeakMiB} MiB (VmHWM)  ` +
      `(target < 256 MiB: ${exportPeakMiB < 256 ? 'met' : 'MISSED'})`,
  );
  console.log(
    JSON.stringify({
      bench: 'ledger',
      rows: ROWS,
      parseMs: imported && Math.round(imported.parseMs),
      dryRunMs: imported && Math.round(imported.dryMs),
      commitMs: imported && Math.round(imported.commitMs),
      exportProjects: bare.rows,
      exportMs: Math.round(exportMs),
      bareReadMs: Math.round(bare.ms),
      exportBytes: bytes,
      gatewayRssBeforeMiB: Math.round(before.rssKiB / MiB),
      gatewayStartPeakMiB: Math.round(before.hwmKiB / MiB),
      gatewayExportPeakMiB: Math.round(peakKiB / MiB),
      gatewaySampledPeakMiB: Math.round(sampledPeakKiB / MiB),
      exportProcessPeakMiB: exportPeakMiB,
      gatewayIdlePeakMiB: Math.round(idle.hwmKiB / MiB),
    }),
  );
});

/** A ledger of `rows` new projects, as an officer would fill the template. */
async function ledgerOf(rows: number): Promise<Buffer> {
  const workbook = buildLedgerTemplate();
  const sheet = workbook.worksheets[0];
  const at = (field: string) => LEDGER_COLUMNS.findIndex((c) => c.field === field) + 1;
  for (let i = 0; i < rows; i++) {
    const row = sheet.getRow(i + 3);
    row.getCell(at('ledgerNumber')).value = `BENCH-${i + 1}`;
    row.getCell(at('name')).value = `基准测试项目 ${i + 1}`;
    row.getCell(at('stage')).value = i % 3 === 0 ? '开工在建' : '签约';
    row.getCell(at('eventKind')).value = '南博会';
    row.getCell(at('signedOn')).value = new Date(Date.UTC(2024, i % 12, 1 + (i % 28)));
    row.getCell(at('signingLevel')).value = '州市级';
    row.getCell(at('industry')).value = '绿色铝';
    row.getCell(at('investorName')).value = `基准投资有限公司 ${i % 500}`;
    row.getCell(at('agreedInvestment')).value = 1_000_000 + i * 100.5;
    row.getCell(at('county')).value = '安宁市';
    if (i % 3 === 0) row.getCell(at('actualStartOn')).value = new Date(Date.UTC(2025, 0, 15));
    if (i % 2 === 0) {
      row.getCell(at('fundsInPlace')).value = 250_000;
      row.getCell(at('fundsInPlaceAsOf')).value = new Date(Date.UTC(2025, 5, 30));
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The export's own pages (every ledger column, pages of 100, ID_ASC), read and dropped. */
async function barePagedRead(gatewayUrl: string, auth: Record<string, string>): Promise<{ ms: number; rows: number }> {
  const fields = [
    'id',
    'prefectureCode',
    ...LEDGER_COLUMNS.map((c) => c.field).filter((f) => f !== 'fundsInPlaceAsOf'),
  ];
  const query = `query($after: String) { projects(first: 100, orderBy: ID_ASC, after: $after) {
    edges { node { ${fields.join(' ')} } } pageInfo { hasNextPage endCursor } } }`;
  const started = performance.now();
  let rows = 0;
  let after: string | null = null;
  for (;;) {
    const page: { projects: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
      await postGraphQL(gatewayUrl, query, { after }, auth);
    rows += page.projects.edges.length;
    if (!page.projects.pageInfo.hasNextPage) break;
    after = page.projects.pageInfo.endCursor;
  }
  return { ms: performance.now() - started, rows };
}

/** 1. The import: a ledger of ROWS new projects for PREFECTURE, previewed then committed. */
async function benchImport(gatewayUrl: string) {
  const file = await ledgerOf(ROWS);
  const parseStarted = performance.now();
  const parsed = await parseLedgerFile(file);
  const parseMs = performance.now() - parseStarted;
  if (parsed.rows.length !== ROWS)
    throw new Error(`the bench ledger parsed to ${parsed.rows.length} rows, not ${ROWS}`);
  console.log(
    `ledger of ${ROWS} rows: ${(file.length / 1024 / 1024).toFixed(1)} MiB xlsx, parsed alone in ${(parseMs / 1000).toFixed(2)} s`,
  );
  const officer = await mintUserToken(
    { subject: `officer-${PREFECTURE}`, role: 'officer', prefectureCode: PREFECTURE },
    TOKENS,
    '1h',
  );
  const importOnce = async (commit: boolean) => {
    const started = performance.now();
    const answer = await uploadLedger({
      gatewayUrl,
      token: officer,
      bytes: file,
      fileName: 'bench.xlsx',
      prefecture: PREFECTURE,
      commit,
    });
    const ms = performance.now() - started;
    if ('errors' in answer) throw new Error(`import refused: ${JSON.stringify(answer.errors)}`);
    const { totals, complete } = answer.preview;
    if (!complete || totals.created !== ROWS)
      throw new Error(`import ${commit ? 'commit' : 'dry run'}: ${JSON.stringify(totals)}`);
    return ms;
  };
  const dryMs = await importOnce(false);
  const commitMs = await importOnce(true);
  const rate = (ms: number) => Math.round(ROWS / (ms / 1000));
  console.log(`\nimport of ${ROWS} rows for ${PREFECTURE} through the gateway:`);
  console.log(
    `  dry run ${(dryMs / 1000).toFixed(1)} s (${rate(dryMs)} rows/s, ${(dryMs / parseMs).toFixed(1)}× the parse alone)`,
  );
  console.log(
    `  commit  ${(commitMs / 1000).toFixed(1)} s (${rate(commitMs)} rows/s, ${(commitMs / parseMs).toFixed(1)}× the parse alone)`,
  );
  const both = dryMs + commitMs;
  console.log(`  together ${(both / 1000).toFixed(1)} s  (target ≤ 60 s: ${both <= 60_000 ? 'met' : 'MISSED'})`);

  return { parseMs, dryMs, commitMs };
}
