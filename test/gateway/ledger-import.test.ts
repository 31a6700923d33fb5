import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { ADMIN, ANALYST, officerOf, VIEWER } from '../../bench/support/hub-tokens.js';
import {
  IMPORT_LEDGER_ROWS,
  importInput,
  ledgerRow,
  type LedgerImportResultShape,
} from '../../bench/support/ledger-fixtures.js';
import { tableCounts } from '../../bench/support/project-fixtures.js';
import { untilAllServing } from '../support/gateway-http.js';

/** The shard imported into, and a second prefecture whose officer and codes must not get in. */
const CODE = '530100';
const OTHER = '530300';
const officer = officerOf(CODE);

const PROJECT = `query($id: ID!) { project(id: $id) {
  id name stage ledgerNumber nationalCode fundsInPlace missingMilestones actualStartOn
  fundingRecords { amount receivedOn source recordedBy }
  history { kind actorSubject source fromStage toStage changes }
} }`;

describe('importLedgerRows through the gateway (SQLite shards)', () => {
  let hub: HubHarness;
  let counter = 0;
  /** Row numbers (hence ledger numbers) no other test of this file uses. */
  const freshRows = (count: number) => Array.from({ length: count }, () => ++counter);

  beforeAll(async () => {
    hub = await startHubHarness({ codes: [CODE, OTHER] });
    await untilAllServing(hub);
  });
  afterAll(() => hub?.close());

  const shard = () => hub.shards.get(CODE)!.harness;

  async function importRows(rows: object[], dryRun: boolean, actor = officer, headers: Record<string, string> = {}) {
    const result = await hub.query(IMPORT_LEDGER_ROWS, { input: importInput(CODE, rows, dryRun) }, actor, headers);
    expect(result.errors).toBeUndefined();
    return result.data!.importLedgerRows as LedgerImportResultShape;
  }

  async function project(id: string) {
    const result = await hub.query(PROJECT, { id }, officer);
    expect(result.errors).toBeUndefined();
    return result.data!.project;
  }

  it('previews without writing anything, then commits the same verdicts with history naming the file', async () => {
    const rows = freshRows(3).map((n) =>
      ledgerRow(CODE, n, { fundsInPlace: '1000000.00', fundsInPlaceAsOf: '2020-01-10' }),
    );
    const before = await tableCounts(shard());
    const preview = await importRows(rows, true);
    expect(preview).toMatchObject({ dryRun: true, created: 3, updated: 0, unchanged: 0, failed: 0 });
    expect(preview.rows.map((r) => [r.rowNumber, r.action, r.projectId])).toEqual(
      rows.map((r) => [r.rowNumber, 'CREATE', null]),
    );
    expect(await tableCounts(shard())).toEqual(before);

    const committed = await importRows(rows, false);
    expect(committed).toMatchObject({ dryRun: false, created: 3, failed: 0 });
    const ids = committed.rows.map((r) => r.projectId!);
    expect(ids.every((id) => id.startsWith(`${CODE}-2019-`))).toBe(true);
    const created = await project(ids[0]);
    expect(created).toMatchObject({ ledgerNumber: rows[0].ledgerNumber, fundsInPlace: '1000000.00' });
    expect(created.fundingRecords).toEqual([
      {
        amount: '1000000.00',
        receivedOn: '2020-01-10',
        source: `ledger:昆明市台账.xlsx#${'ab'.repeat(6)}`,
        recordedBy: officer.subject,
      },
    ]);
    expect(created.history.map((h: any) => [h.kind, h.actorSubject, h.source])).toEqual([
      ['CREATED', officer.subject, `ledger:昆明市台账.xlsx#${'ab'.repeat(6)}`],
      ['FUNDING_RECORDED', officer.subject, `ledger:昆明市台账.xlsx#${'ab'.repeat(6)}`],
    ]);

    const again = await importRows(rows, false);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 0 });
    expect(again.rows.map((r) => r.projectId)).toEqual(ids);
  });

  it('updates a matched project (by ledger number, else national code) and adds only the new funds', async () => {
    const [n] = freshRows(1);
    const first = await importRows(
      [ledgerRow(CODE, n, { fundsInPlace: '500.00', fundsInPlaceAsOf: '2020-01-01' })],
      false,
    );
    const id = first.rows[0].projectId!;
    // The same national code without a ledger number finds the project too.
    const byCode = ledgerRow(CODE, n, {
      ledgerNumber: null,
      stage: 'UNDER_CONSTRUCTION',
      actualStartOn: '2020-03-01',
      fundsInPlace: '800.00',
      fundsInPlaceAsOf: '2020-06-30',
    });
    const updated = await importRows([byCode], false);
    expect(updated.rows[0]).toMatchObject({ action: 'UPDATE', projectId: id, errors: [] });
    const after = await project(id);
    expect(after).toMatchObject({ stage: 'UNDER_CONSTRUCTION', actualStartOn: '2020-03-01', fundsInPlace: '800.00' });
    expect(after.fundingRecords.map((f: any) => [f.amount, f.receivedOn])).toEqual([
      ['500.00', '2020-01-01'],
      ['300.00', '2020-06-30'],
    ]);
    expect(after.history.map((h: any) => h.kind)).toEqual([
      'CREATED',
      'FUNDING_RECORDED',
      'UPDATED',
      'STAGE_CHANGED',
      'FUNDING_RECORDED',
    ]);
    expect(after.history[3]).toMatchObject({ fromStage: 'SIGNED', toStage: 'UNDER_CONSTRUCTION' });
  });

  it('creates a project at OPERATING without its dates and lists it as missing them (never dated today)', async () => {
    const [n] = freshRows(1);
    const result = await importRows([ledgerRow(CODE, n, { stage: 'OPERATING' })], false);
    const id = result.rows[0].projectId!;
    expect(await project(id)).toMatchObject({
      stage: 'OPERATING',
      actualStartOn: null,
      missingMilestones: ['ACTUAL_START', 'ACTUAL_PRODUCTION'],
    });
    const listed = await hub.query(
      `query { projects(filter: { prefectures: ["${CODE}"], missingMilestones: true }, first: 500) { edges { node { id missingMilestones } } } }`,
      {},
      officer,
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.projects.edges.map((e: any) => e.node.id)).toContain(id);
  });

  it('reports every refused row with field, code and messages in both languages, and writes none of them', async () => {
    const [ok, forward, dupA, dupB, funds, foreign, incomplete] = freshRows(7);
    const setUp = await importRows(
      [
        ledgerRow(CODE, forward, { stage: 'OPERATING', actualStartOn: '2019-09-01', actualProductionOn: '2020-09-01' }),
        ledgerRow(CODE, funds, { fundsInPlace: '1000.00', fundsInPlaceAsOf: '2020-01-01' }),
      ],
      false,
    );
    expect(setUp.created).toBe(2);
    const before = await tableCounts(shard());
    const sameLedger = `TZ-DUP-${dupA}`;
    const rows = [
      ledgerRow(CODE, ok),
      ledgerRow(CODE, forward, { stage: 'SIGNED' }),
      ledgerRow(CODE, dupA, { ledgerNumber: sameLedger }),
      ledgerRow(CODE, dupB, { ledgerNumber: sameLedger }),
      ledgerRow(CODE, funds, { fundsInPlace: '999.99', fundsInPlaceAsOf: '2020-02-01' }),
      ledgerRow(CODE, foreign, { nationalCode: `2019-${OTHER}-44-03-000001` }),
      ledgerRow(CODE, incomplete, { name: null, investorName: null, signedOn: '2099-01-01' }),
    ];
    const preview = await importRows(rows, true);
    const byRow = new Map(preview.rows.map((r) => [r.rowNumber, r]));
    const codes = (n: number) => byRow.get(n)!.errors.map((e) => [e.field, e.code]);
    expect(byRow.get(ok)!.action).toBe('CREATE');
    expect(codes(forward)).toEqual([['stage', 'STAGE_MOVE_FORBIDDEN']]);
    expect(codes(dupA)).toEqual([['ledgerNumber', 'DUPLICATE_IN_FILE']]);
    expect(codes(dupB)).toEqual([['ledgerNumber', 'DUPLICATE_IN_FILE']]);
    expect(codes(funds)).toEqual([['fundsInPlace', 'FUNDS_DECREASED']]);
    expect(codes(foreign)).toEqual([['nationalCode', 'OTHER_PREFECTURE']]);
    expect(codes(incomplete)).toEqual([
      ['name', 'REQUIRED'],
      ['investorName', 'REQUIRED'],
      ['signedOn', 'FUTURE_DATE'],
    ]);
    for (const row of preview.rows.filter((r) => r.action === 'ERROR')) {
      for (const error of row.errors) {
        expect(error.messageZh).toMatch(/[\u4e00-\u9fff]/);
        expect(error.messageEn).toMatch(new RegExp(`^${error.field}: `));
      }
    }
    expect(preview).toMatchObject({ created: 1, failed: 6 });

    const committed = await importRows(rows, false);
    expect(committed.rows.map((r) => [r.rowNumber, r.action, r.errors.map((e) => e.code)])).toEqual(
      preview.rows.map((r) => [r.rowNumber, r.action, r.errors.map((e) => e.code)]),
    );
    const after = await tableCounts(shard());
    // Only the good row: its project and its history entry.
    expect(after).toEqual({ ...before, project: before.project + 1, project_event: before.project_event + 1 });
  });

  it('refuses officers of another prefecture, viewers and analysts, and lets admins import', async () => {
    const rows = freshRows(1).map((n) => ledgerRow(CODE, n));
    for (const actor of [officerOf(OTHER), VIEWER, ANALYST]) {
      const result = await hub.query(IMPORT_LEDGER_ROWS, { input: importInput(CODE, rows, true) }, actor);
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    expect((await importRows(rows, true, ADMIN)).created).toBe(1);
  });

  it('refuses a call of more than 1000 rows or with a malformed file hash as a whole', async () => {
    const tooMany = Array.from({ length: 1001 }, (_, i) => ledgerRow(CODE, 100_000 + i));
    const big = await hub.query(IMPORT_LEDGER_ROWS, { input: importInput(CODE, tooMany, true) }, officer);
    expect(big.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.rows' } });
    const input = { ...importInput(CODE, [ledgerRow(CODE, 1)], true), source: { fileName: 'a.xlsx', sha256: 'x' } };
    const badHash = await hub.query(IMPORT_LEDGER_ROWS, { input }, officer);
    expect(badHash.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.source.sha256' } });
  });

  it('applies a retried chunk (same Idempotency-Key) once and answers the first outcome again', async () => {
    const rows = freshRows(2).map((n) => ledgerRow(CODE, n));
    const headers = { 'idempotency-key': `ledger-${'ab'.repeat(8)}-chunk-0-commit` };
    const first = await importRows(rows, false, officer, headers);
    const before = await tableCounts(shard());
    const retry = await importRows(rows, false, officer, headers);
    // The first outcome, marked as answered again.
    expect(first.replayed).toBe(false);
    expect(retry).toEqual({ ...first, replayed: true });
    expect(first.created).toBe(2);
    expect(await tableCounts(shard())).toEqual(before);
  });

  it('leaves a row that fails while being written unwritten, and writes the others', async () => {
    const [before1, failing, after1] = freshRows(3);
    // A real database failure for one row only, after every check passed.
    await shard()
      .orm.em.getConnection()
      .execute(
        `create trigger refuse_one before insert on project when new.name = '写入失败' begin select raise(abort, 'refused by test trigger'); end`,
      );
    try {
      const result = await importRows(
        [ledgerRow(CODE, before1), ledgerRow(CODE, failing, { name: '写入失败' }), ledgerRow(CODE, after1)],
        false,
      );
      expect(result.rows.map((r) => r.action)).toEqual(['CREATE', 'ERROR', 'CREATE']);
      expect(result.rows[1].errors.map((e) => e.code)).toEqual(['WRITE_FAILED']);
      const ledgerNumbers = [before1, failing, after1].map((n) => ledgerRow(CODE, n).ledgerNumber);
      const stored: { ledger_number: string }[] = await shard()
        .orm.em.getConnection()
        .execute(`select ledger_number from project where ledger_number in (?, ?, ?)`, ledgerNumbers);
      expect(stored.map((r) => r.ledger_number).sort()).toEqual([ledgerNumbers[0], ledgerNumbers[2]]);
    } finally {
      await shard().orm.em.getConnection().execute('drop trigger refuse_one');
    }
  });
});
