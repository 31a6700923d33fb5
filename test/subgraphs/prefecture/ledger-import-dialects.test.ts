import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrefectureHarness, type PrefectureHarness } from '../../../bench/support/prefecture-harness.js';
import { IMPORT_LEDGER_ROWS, importInput, ledgerRow } from '../../../bench/support/ledger-fixtures.js';
import { DIALECTS } from '../../../bench/support/test-databases.js';

const CODE = '530700';

/** The import's writes (multi-row INSERTs, guarded UPDATEs with money) on both databases a shard may run. */
describe.each(DIALECTS)('importLedgerRows on %s', (dialect) => {
  let harness: PrefectureHarness;
  beforeAll(async () => {
    harness = await startPrefectureHarness(dialect, CODE);
  });
  afterAll(() => harness?.close());

  const run = async (rows: object[], dryRun = false) => {
    const result = await harness.execute(IMPORT_LEDGER_ROWS, { input: importInput(CODE, rows, dryRun) });
    expect(result.errors).toBeUndefined();
    return result.data!.importLedgerRows;
  };

  it('creates, updates money, dates and stage exactly, and finds nothing to change the second time', async () => {
    const huge = '92233720368547.58';
    const rows = [1, 2, 3].map((n) => ledgerRow(CODE, n, { fundsInPlace: '10.01', fundsInPlaceAsOf: '2019-07-01' }));
    expect((await run(rows)).created).toBe(3);
    const changed = [
      ledgerRow(CODE, 1, {
        agreedInvestment: huge,
        investmentCompleted: '123.45',
        stage: 'PARTIALLY_PRODUCING',
        actualStartOn: '2019-10-01',
        actualProductionOn: '2020-10-01',
        fundsInPlace: '20.02',
        fundsInPlaceAsOf: '2020-01-01',
      }),
      ...rows.slice(1),
    ];
    const update = await run(changed);
    expect(update.rows.map((r: any) => r.action)).toEqual(['UPDATE', 'UNCHANGED', 'UNCHANGED']);
    const id = update.rows[0].projectId;
    const read = await harness.execute(
      `query($id: ID!) { project(id: $id) { agreedInvestment investmentCompleted fundsInPlace stage version actualProductionOn missingMilestones fundingRecords { amount } } }`,
      { id },
    );
    expect(read.data!.project).toEqual({
      agreedInvestment: huge,
      investmentCompleted: '123.45',
      fundsInPlace: '20.02',
      stage: 'PARTIALLY_PRODUCING',
      version: 2,
      actualProductionOn: '2020-10-01',
      missingMilestones: [],
      fundingRecords: [{ amount: '10.01' }, { amount: '10.01' }],
    });
    expect((await run(changed)).unchanged).toBe(3);
  });

  it('judges a project edited since its last import afresh: the ledger wins back the edited field', async () => {
    const [row] = [ledgerRow(CODE, 10)];
    const created = await run([row]);
    const id = created.rows[0].projectId;
    // Edited through updateProject since; the next import compares the row with what is stored now.
    const edit = await harness.execute(
      `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { version } }`,
      { input: { id, version: 1, county: '古城区' } },
    );
    expect(edit.errors).toBeUndefined();
    const again = await run([row]);
    expect(again.rows[0]).toMatchObject({ action: 'UPDATE', projectId: id });
  });
});
