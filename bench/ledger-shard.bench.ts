/**
 * The prefecture shard's bulk ledger path through the gateway, on this machine:
 *   npm run bench:ledger-shard           (--rows 10000 --chunk 1000 --baseline-rows 1000)
 * One SQLite shard, the province subgraph and the gateway in this process, on 127.0.0.1 (the
 * file side — spreadsheets, upload endpoint, CLI — is bench:ledger's). Sends `--rows` ledger rows
 * of one prefecture as importLedgerRows calls of `--chunk` rows: a dry run of all of them, then the
 * commit, then the commit again (every row UNCHANGED). Baseline, in the same run and first (on the
 * empty shard): the path before the bulk one, createProject + recordFunding as aliased mutations, 20 per request (as the seed
 * script of issue 12 did), for `--baseline-rows` rows. Prints rows/s of each and the ratio.
 * Target: preview + commit of 10,000 rows ≤ 60 s. Stops by itself after 10 min.
 */
import 'reflect-metadata';
import { startHubHarness } from './support/hub-harness.js';
import { officerOf } from './support/hub-tokens.js';
import { IMPORT_LEDGER_ROWS, importInput, ledgerRow, type LedgerImportResultShape } from './support/ledger-fixtures.js';
import { onCleanup, runBenchmark } from './support/lifecycle.js';
import { intArg, machineInfo, parseArgs, postGraphQL, timed } from './support/measure.js';

const args = parseArgs(process.argv.slice(2));
const ROWS = intArg(args, 'rows', 10_000);
const CHUNK = intArg(args, 'chunk', 1_000);
const BASELINE_ROWS = intArg(args, 'baseline-rows', 1_000);
const CODE = '530100';
const ALIASES = 20;

runBenchmark('bench:ledger-shard', 10 * 60_000, async () => {
  const hub = await startHubHarness({ codes: [CODE] });
  onCleanup('hub', () => hub.close());
  const officer = officerOf(CODE);
  const headers = { authorization: `Bearer ${await hub.tokenFor(officer)}` };
  const rows = Array.from({ length: ROWS }, (_, i) =>
    ledgerRow(CODE, i + 1, { fundsInPlace: '1000000.00', fundsInPlaceAsOf: '2020-01-10' }),
  );

  /** Every chunk of `rows` as one call each, in order, as the file side sends them. */
  async function importAll(dryRun: boolean, expected: 'CREATE' | 'UNCHANGED') {
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      const key = { 'idempotency-key': `bench-${dryRun}-${expected}-${start}` };
      const data = await postGraphQL<{ importLedgerRows: LedgerImportResultShape }>(
        hub.gatewayUrl,
        IMPORT_LEDGER_ROWS,
        { input: importInput(CODE, chunk, dryRun) },
        { ...headers, ...key },
      );
      const wrong = data.importLedgerRows.rows.find((row) => row.action !== expected);
      if (wrong) throw new Error(`row ${wrong.rowNumber}: ${wrong.action} ${JSON.stringify(wrong.errors)}`);
    }
  }

  // The baseline first, on the empty shard, where it is at its fastest.
  const baselineMs = await timed(() => baseline(hub.gatewayUrl, headers));
  const previewMs = await timed(() => importAll(true, 'CREATE'));
  const commitMs = await timed(() => importAll(false, 'CREATE'));
  const recommitMs = await timed(() => importAll(false, 'UNCHANGED'));

  const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);
  const baselineRate = perSecond(BASELINE_ROWS, baselineMs);
  const figures = {
    machine: await machineInfo(),
    rows: ROWS,
    chunk: CHUNK,
    previewSeconds: +(previewMs / 1000).toFixed(1),
    commitSeconds: +(commitMs / 1000).toFixed(1),
    previewPlusCommitSeconds: +((previewMs + commitMs) / 1000).toFixed(1),
    recommitUnchangedSeconds: +(recommitMs / 1000).toFixed(1),
    rowsPerSecond: {
      preview: perSecond(ROWS, previewMs),
      commit: perSecond(ROWS, commitMs),
      recommit: perSecond(ROWS, recommitMs),
      baselineAliasedMutations: baselineRate,
    },
    commitVsBaseline: +(perSecond(ROWS, commitMs) / baselineRate).toFixed(1),
    target: 'preview + commit of 10,000 rows ≤ 60 s',
  };
  console.log(JSON.stringify(figures, null, 2));
});

/** The old way in: createProject then recordFunding per row, 20 aliased mutations per request. */
async function baseline(url: string, headers: Record<string, string>) {
  const create = (i: number) => ({
    prefectureCode: CODE,
    ...Object.fromEntries(
      Object.entries(ledgerRow(CODE, 500_000 + i)).filter(([field]) => field !== 'rowNumber' && field !== 'stage'),
    ),
  });
  for (let start = 0; start < BASELINE_ROWS; start += ALIASES) {
    const count = Math.min(ALIASES, BASELINE_ROWS - start);
    const variables: Record<string, unknown> = {};
    const fields: string[] = [];
    for (let i = 0; i < count; i++) {
      variables[`c${i}`] = create(start + i);
      fields.push(`p${i}: createProject(input: $c${i}) { id }`);
    }
    const params = Object.keys(variables).map((name) => `$${name}: CreateProjectInput!`);
    const created = await postGraphQL<Record<string, { id: string }>>(
      url,
      `mutation(${params.join(', ')}) { ${fields.join(' ')} }`,
      variables,
      { ...headers, 'idempotency-key': `baseline-create-${start}` },
    );
    const funding: string[] = [];
    const fundVariables: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      fundVariables[`f${i}`] = { projectId: created[`p${i}`].id, receivedOn: '2020-01-10', amount: '1000000.00' };
      funding.push(`f${i}: recordFunding(input: $f${i}) { id }`);
    }
    const fundParams = Object.keys(fundVariables).map((name) => `$${name}: RecordFundingInput!`);
    await postGraphQL(url, `mutation(${fundParams.join(', ')}) { ${funding.join(' ')} }`, fundVariables, {
      ...headers,
      'idempotency-key': `baseline-fund-${start}`,
    });
  }
}
