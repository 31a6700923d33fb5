/**
 * Prefecture subgraph benchmark (issue 2): one prefecture holding 10,000 demo projects, served over
 * real HTTP on 127.0.0.1 by subgraphs/prefecture/multi-server.ts in a child process.
 *
 *   npm run bench:prefecture                   # SQLite (temp file)
 *   npm run bench:prefecture -- --postgres     # SQLite, then a scratch PostgreSQL database
 *   options: --iterations 150 --warmup 15 --projects 10000 --scans 3 --postgres-only
 *            --budget S (seconds the latency rounds of one dialect may take; default 120, or 70
 *                        per dialect with --postgres; the rounds stop early, never below 30)
 *            --cpu-prof-dir DIR   (V8 CPU profile of the subgraph process, written when it stops;
 *                                  summarize with `npm run bench:profile -- DIR/*.cpuprofile`)
 *
 * Measures, each over N iterations after a warm-up, interleaved round-robin so that machine noise
 * hits every case alike:
 *   - `{ __typename }` (HTTP + token check + GraphQL execution, no database): the baseline the
 *     other figures are divided by;
 *   - a 50-row `projects` page: first page and deep pages (via cursors) in several orders, and a
 *     few filters;
 *   - `projectStats` without a filter and with a cohort filter;
 *   - `project(id)`.
 * Then the paged full scan a nightly job does: pages of 500 via keyset (ID_ASC), rows/s.
 * Prints tables and, last, one JSON line `{"bench":"prefecture",…}`.
 */
import { performance } from 'node:perf_hooks';
import { cleanup, runBenchmark } from './support/lifecycle.js';
import {
  intArg,
  machineInfo,
  parseArgs,
  postGraphQL,
  printTable,
  round,
  roundSummary,
  summarize,
  timed,
  type Summary,
} from './support/measure.js';
import { startShardHost } from './support/shards.js';
import { benchGatewayKeys, hubTokens } from './support/tokens.js';
import { PROJECT_STATS_QUERY } from './support/queries.js';

const CODE = '530100';
const args = parseArgs(process.argv.slice(2));
const ITERATIONS = intArg(args, 'iterations', 150);
const WARMUP = intArg(args, 'warmup', 15, 0);
const PROJECTS = intArg(args, 'projects', 10_000);
const SCANS = intArg(args, 'scans', 3);
const DIALECTS: ('sqlite' | 'postgresql')[] = args.has('postgres-only')
  ? ['postgresql']
  : args.has('postgres')
    ? ['sqlite', 'postgresql']
    : ['sqlite'];
const SCAN_PAGE = 500;
/**
 * Time the latency rounds of one dialect may take before they stop early (at least 30 rounds
 * are always run): keeps the whole run under 5 minutes on a slow or busy machine.
 */
const ROUNDS_BUDGET_S = intArg(args, 'budget', DIALECTS.length > 1 ? 70 : 120);
const MIN_ITERATIONS = 30;
const RUN_LIMIT_MS = 285_000;
const RUN_STARTED = performance.now();
const secondsLeft = () => (RUN_LIMIT_MS - (performance.now() - RUN_STARTED)) / 1000;
const PROFILE_DIR = args.get('cpu-prof-dir');
const NODE_ARGS = typeof PROFILE_DIR === 'string' ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];

/** What a list view shows per row. */
const PAGE_QUERY = `query Page($first: Int!, $after: String, $orderBy: ProjectOrder!, $filter: ProjectFilter) {
  projects(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id name stage signedOn cohortYear signingLevel county industry investorName agreedInvestment fundsInPlace updatedAt } }
  }
}`;

/** What a nightly metrics job reads per project: stage, dates and money, no texts. */
const SCAN_QUERY = `query Scan($after: String) {
  projects(first: ${SCAN_PAGE}, after: $after, orderBy: ID_ASC) {
    pageInfo { hasNextPage endCursor }
    edges { node { id stage signedOn cohortYear signingLevel eventKind agreedInvestment fundsInPlace investmentCompleted
                   actualRegistrationOn actualStartOn actualProductionOn stageChangedAt updatedAt } }
  }
}`;

const PROJECT_QUERY = `query One($id: ID!) {
  project(id: $id) { id name stage signedOn agreedInvestment fundsInPlace investorName county industry updatedAt }
}`;

interface Case {
  readonly name: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  /** Checked once before timing, so a wrong answer is never measured as a fast one. */
  readonly check?: (data: any) => string | null;
}

interface DialectResult {
  dialect: string;
  projects: number;
  seedMs: number;
  iterations: number;
  cases: { name: string; latency: Summary; p50Ratio: number; p50NetMs: number }[];
  scan: {
    pageSize: number;
    rows: number;
    pages: number;
    runs: { ms: number; rowsPerSecond: number }[];
    medianRowsPerSecond: number;
    pageLatency: Summary;
  };
}

runBenchmark('bench:prefecture', RUN_LIMIT_MS, async () => {
  console.log(
    `bench:prefecture — 1 prefecture (${CODE}), ${PROJECTS.toLocaleString('en-US')} demo projects, ` +
      `${ITERATIONS} iterations after ${WARMUP} warm-up per case, dialects: ${DIALECTS.join(', ')}`,
  );
  const machine = await machineInfo();
  console.log(`machine: ${JSON.stringify(machine)}`);
  const results: DialectResult[] = [];
  for (const [i, dialect] of DIALECTS.entries()) {
    results.push(await benchDialect(dialect, DIALECTS.length - 1 - i));
    await cleanup();
  }
  const loadavgEnd = (await machineInfo()).loadavg;
  console.log(
    JSON.stringify({
      bench: 'prefecture',
      machine: { ...machine, loadavgEnd },
      iterations: ITERATIONS,
      warmup: WARMUP,
      results,
    }),
  );
});

async function benchDialect(dialect: 'sqlite' | 'postgresql', dialectsAfter: number): Promise<DialectResult> {
  const gatewayKeys = await benchGatewayKeys();
  console.log(`\n=== ${dialect}: starting the prefecture subgraph and generating demo data…`);
  const host = await startShardHost({
    label: `prefecture-${dialect}`,
    codes: [CODE],
    projectsPerShard: PROJECTS,
    dialect,
    gatewayPublicKeys: gatewayKeys.publicKeys,
    readyTimeoutMs: 150_000,
    nodeArgs: NODE_ARGS,
  });
  const url = host.urls[CODE];
  console.log(
    `${dialect}: demo data generated in ${(host.seedMs / 1000).toFixed(1)} s; serving at ${url} (restarted in ${(host.startupMs / 1000).toFixed(1)} s)`,
  );
  const auth = hubTokens(gatewayKeys.signingKeys);
  const call = async (query: string, variables?: Record<string, unknown>) =>
    postGraphQL(url, query, variables, await auth.headers(CODE));

  // Cursors of deep pages, found by walking each order with pages of 500.
  const total = (await call(PAGE_QUERY, { first: 1, orderBy: 'ID_ASC' })).projects.totalCount as number;
  const cursorAt = async (orderBy: string, row: number, filter?: unknown): Promise<string> => {
    let after: string | null = null;
    for (let seen = 0; seen < row;) {
      const step = Math.min(SCAN_PAGE, row - seen);
      const page: any = (await call(PAGE_QUERY, { first: step, after, orderBy, filter })).projects;
      after = page.pageInfo.endCursor;
      seen += step;
      if (!page.pageInfo.hasNextPage) break;
    }
    return after!;
  };
  const mid = Math.floor(total / 2);
  const late = total - 500;
  const someId = (await call(PAGE_QUERY, { first: 1, after: await cursorAt('ID_ASC', mid), orderBy: 'ID_ASC' }))
    .projects.edges[0].node.id;

  const page = (orderBy: string, after?: string, filter?: unknown, rows = 50) => ({
    first: rows,
    after,
    orderBy,
    filter,
  });
  const fullPage = (data: any) =>
    data.projects.edges.length === 50 ? null : `expected 50 rows, got ${data.projects.edges.length}`;
  const anyRows = (data: any) => (data.projects.edges.length > 0 ? null : 'no rows matched the filter');
  const cases: Case[] = [
    { name: 'baseline { __typename }', query: '{ __typename }' },
    {
      name: 'project(id)',
      query: PROJECT_QUERY,
      variables: { id: someId },
      check: (d) => (d.project?.id === someId ? null : 'project not found'),
    },
    {
      name: 'projects SIGNED_ON_DESC first page',
      query: PAGE_QUERY,
      variables: page('SIGNED_ON_DESC'),
      check: fullPage,
    },
    {
      name: `projects SIGNED_ON_DESC after row ${mid}`,
      query: PAGE_QUERY,
      variables: page('SIGNED_ON_DESC', await cursorAt('SIGNED_ON_DESC', mid)),
      check: fullPage,
    },
    {
      name: `projects SIGNED_ON_DESC after row ${late}`,
      query: PAGE_QUERY,
      variables: page('SIGNED_ON_DESC', await cursorAt('SIGNED_ON_DESC', late)),
      check: fullPage,
    },
    { name: 'projects SIGNED_ON_ASC first page', query: PAGE_QUERY, variables: page('SIGNED_ON_ASC'), check: fullPage },
    {
      name: `projects SIGNED_ON_ASC after row ${mid}`,
      query: PAGE_QUERY,
      variables: page('SIGNED_ON_ASC', await cursorAt('SIGNED_ON_ASC', mid)),
      check: fullPage,
    },
    {
      name: 'projects AGREED_INVESTMENT_DESC first',
      query: PAGE_QUERY,
      variables: page('AGREED_INVESTMENT_DESC'),
      check: fullPage,
    },
    {
      name: `projects AGREED_INVESTMENT_DESC after ${mid}`,
      query: PAGE_QUERY,
      variables: page('AGREED_INVESTMENT_DESC', await cursorAt('AGREED_INVESTMENT_DESC', mid)),
      check: fullPage,
    },
    {
      name: `projects UPDATED_AT_DESC after row ${mid}`,
      query: PAGE_QUERY,
      variables: page('UPDATED_AT_DESC', await cursorAt('UPDATED_AT_DESC', mid)),
      check: fullPage,
    },
    {
      name: `projects ID_ASC after row ${mid}`,
      query: PAGE_QUERY,
      variables: page('ID_ASC', await cursorAt('ID_ASC', mid)),
      check: fullPage,
    },
    {
      name: 'projects filter stage=UNDER_CONSTRUCTION',
      query: PAGE_QUERY,
      variables: page('SIGNED_ON_DESC', undefined, { stages: ['UNDER_CONSTRUCTION'] }),
      check: fullPage,
    },
    {
      name: 'projects filter cohort 2018 major events',
      query: PAGE_QUERY,
      variables: page('SIGNED_ON_DESC', undefined, { cohortYears: [2018], signingLevels: ['PROVINCIAL_MAJOR_EVENT'] }),
      check: anyRows,
    },
    {
      name: 'projects filter signedYear+industry',
      query: PAGE_QUERY,
      variables: page('AGREED_INVESTMENT_DESC', undefined, { signedYear: 2021, industries: ['绿色能源'] }),
      check: anyRows,
    },
    {
      name: 'projects filter text "光伏"',
      query: PAGE_QUERY,
      variables: page('SIGNED_ON_DESC', undefined, { text: '光伏' }),
      check: anyRows,
    },
    {
      name: 'projectStats no filter',
      query: PROJECT_STATS_QUERY,
      check: (d) => (d.projectStats.total === total ? null : `total ${d.projectStats.total} ≠ ${total}`),
    },
    {
      name: 'projectStats cohort 2018 major events',
      query: PROJECT_STATS_QUERY,
      variables: { filter: { cohortYears: [2018], signingLevels: ['PROVINCIAL_MAJOR_EVENT'] } },
      check: (d) => (d.projectStats.total > 0 ? null : 'empty cohort'),
    },
    {
      name: 'projectStats stage+signedYear',
      query: PROJECT_STATS_QUERY,
      variables: { filter: { stages: ['UNDER_CONSTRUCTION', 'OPERATING'], signedYear: 2020 } },
    },
  ];
  for (const c of cases) {
    const problem = c.check?.(await call(c.query, c.variables));
    if (problem) throw new Error(`${dialect} ${c.name}: ${problem}`);
  }

  // Round robin: every round runs each case once, so drift and noise spread over all cases.
  const samples = cases.map(() => [] as number[]);
  const roundsStarted = performance.now();
  // On a busy machine startup takes longer: the rounds get what is left after this dialect's scan
  // and teardown (30 s) and the next dialect's whole run (about 100 s), never more than --budget.
  const budgetS = Math.max(10, Math.min(ROUNDS_BUDGET_S, secondsLeft() - 30 - 100 * dialectsAfter));
  for (let round = 0; round < WARMUP + ITERATIONS; round++) {
    if (round >= WARMUP + MIN_ITERATIONS && performance.now() - roundsStarted > budgetS * 1000) {
      console.log(
        `${dialect}: time budget of ${Math.round(budgetS)} s for the latency rounds used up after ${round - WARMUP} iterations`,
      );
      break;
    }
    for (const [i, c] of cases.entries()) {
      const headers = await auth.headers(CODE);
      const ms = await timed(() => postGraphQL(url, c.query, c.variables, headers));
      if (round >= WARMUP) samples[i].push(ms);
    }
  }
  const baseline = summarize(samples[0]);
  const caseResults = cases.map((c, i) => {
    const latency = summarize(samples[i]);
    return { name: c.name, latency, p50Ratio: latency.p50 / baseline.p50, p50NetMs: latency.p50 - baseline.p50 };
  });
  printTable(
    `${dialect}: latency over ${samples[0].length} iterations (ms); ×base = p50 / baseline p50, net = p50 − baseline p50`,
    ['case', 'p50', 'p95', 'mean', 'min', 'max', '×base', 'net p50'],
    caseResults.map((r) => [
      r.name,
      r.latency.p50,
      r.latency.p95,
      r.latency.mean,
      r.latency.min,
      r.latency.max,
      round(r.p50Ratio, 2),
      r.p50NetMs,
    ]),
  );

  // The nightly job: every row, pages of 500, keyset (ID_ASC), one page after the other.
  const runs: { ms: number; rowsPerSecond: number }[] = [];
  const pageMs: number[] = [];
  let rows = 0;
  let pages = 0;
  for (let run = 0; run <= SCANS; run++) {
    if (run >= 2 && secondsLeft() < 20 + 100 * dialectsAfter) {
      console.log(`${dialect}: ${run - 1} of ${SCANS} scans, to end within the time limit`);
      break;
    }
    let after: string | null = null;
    let runRows = 0;
    let runPages = 0;
    const started = performance.now();
    for (;;) {
      const headers = await auth.headers(CODE);
      const t0 = performance.now();
      const data: any = await postGraphQL(url, SCAN_QUERY, { after }, headers);
      if (run > 0) pageMs.push(performance.now() - t0);
      runRows += data.projects.edges.length;
      runPages++;
      if (!data.projects.pageInfo.hasNextPage) break;
      after = data.projects.pageInfo.endCursor;
    }
    const ms = performance.now() - started;
    if (runRows !== total) throw new Error(`${dialect} scan returned ${runRows} rows, expected ${total}`);
    // Run 0 is the warm-up.
    if (run > 0) runs.push({ ms: round(ms, 1), rowsPerSecond: Math.round((runRows / ms) * 1000) });
    rows = runRows;
    pages = runPages;
  }
  const sortedRates = runs.map((r) => r.rowsPerSecond).sort((a, b) => a - b);
  const medianRowsPerSecond = sortedRates[Math.floor(sortedRates.length / 2)];
  const pageLatency = summarize(pageMs);
  printTable(
    `${dialect}: paged full scan, ${rows.toLocaleString('en-US')} rows in ${pages} pages of ${SCAN_PAGE} (ID_ASC keyset), ${runs.length} runs after 1 warm-up`,
    ['run', 'ms', 'rows/s'],
    runs.map((r, i) => [`scan ${i + 1}`, r.ms, r.rowsPerSecond]),
  );
  console.log(
    `${dialect}: scan median ${medianRowsPerSecond.toLocaleString('en-US')} rows/s; page of ${SCAN_PAGE}: p50 ${pageLatency.p50.toFixed(1)} ms, p95 ${pageLatency.p95.toFixed(1)} ms`,
  );

  return {
    dialect,
    projects: total,
    seedMs: Math.round(host.seedMs),
    iterations: samples[0].length,
    cases: caseResults.map((r) => ({
      name: r.name,
      latency: roundSummary(r.latency),
      p50Ratio: round(r.p50Ratio, 2),
      p50NetMs: round(r.p50NetMs),
    })),
    scan: { pageSize: SCAN_PAGE, rows, pages, runs, medianRowsPerSecond, pageLatency: roundSummary(pageLatency) },
  };
}
