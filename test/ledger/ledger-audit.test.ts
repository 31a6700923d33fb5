/**
 * Every committed ledger import leaves one entry in the province's audit log, written by the
 * gateway: who, which file (name, sha256, format), into which prefecture, with which totals, and
 * whether it was complete. Real hub over loopback HTTP, with proxies in front of the province and
 * of Kunming's shard so a test can make either fail.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { ADMIN, officerOf } from '../../bench/support/hub-tokens.js';
import { createLogger } from '../../lib/logger.js';
import { untilAllServing } from '../support/gateway-http.js';
import { entriesOfFile, ledgerImportEntries } from '../support/ledger-audit-log.js';
import { shardProxies } from '../support/shard-proxies.js';
import { startShardProxy, type ShardProxy } from '../support/shard-proxy.js';
import { ledgerXlsx, validRow } from './ledger-file.js';
import { uploadLedgerFile } from './ledger-http.js';

const KUNMING = '530100';
const QUJING = '530300';
const officer = officerOf(KUNMING);
const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let hub: HubHarness;
let province: ShardProxy;
const shards = shardProxies({ only: [KUNMING] });
/** Every line the hub logged, parsed. */
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  hub = await startHubHarness({
    codes: [KUNMING, QUJING],
    urlFor: shards.urlFor,
    provinceUrlFor: async (realUrl) => (province = await startShardProxy(realUrl)).url,
    logger: createLogger('test-ledger-audit', {}, sink),
  });
  await untilAllServing(hub);
});

afterEach(async () => {
  province.tamper = null;
  shards.get(KUNMING).tamper = null;
  await untilAllServing(hub);
});

afterAll(async () => {
  await hub?.close();
  await province?.close();
  await shards.close();
});

/** Whether a proxied request is the gateway's audit write. */
const isAuditWrite = ({ query }: { query: string }) => query.includes('recordLedgerImport');

describe('the audit entry of a ledger import', () => {
  it('is recorded once for a commit, naming the officer, the file, its sha256, format and totals; admins read it', async () => {
    const bytes = await ledgerXlsx([validRow(), validRow(), validRow({ signedOn: 'not a date' })]);
    const before = (await ledgerImportEntries(hub)).length;
    const { status, body, requestId } = await uploadLedgerFile(hub, officer, bytes, {
      prefecture: KUNMING,
      commit: true,
      fileName: '昆明台账.xlsx',
    });
    expect(status).toBe(200);
    expect(body.auditRecorded).toBe(true);
    const entries = await ledgerImportEntries(hub);
    expect(entries.length).toBe(before + 1);
    expect(entries[0]).toMatchObject({
      actorSubject: officer.subject,
      actorRole: 'officer',
      actorPrefecture: KUNMING,
      requestId,
      details: {
        prefectureCode: KUNMING,
        fileName: '昆明台账.xlsx',
        sha256: sha256Of(bytes),
        format: 'xlsx',
        complete: true,
        problemCode: null,
        totals: { rows: 3, created: 2, updated: 0, unchanged: 0, failed: 1 },
      },
    });
    expect(requestId).toMatch(/\S/);

    // The audit log stays the admins': the officer whose import it records cannot read it.
    const asOfficer = await hub.query('{ auditLog { id } }', {}, officer);
    expect(asOfficer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('records an admin importing into any prefecture as the admin', async () => {
    const bytes = await ledgerXlsx([validRow()]);
    const { body } = await uploadLedgerFile(hub, ADMIN, bytes, { prefecture: QUJING, commit: true });
    expect(body.auditRecorded).toBe(true);
    const [entry] = await entriesOfFile(hub, sha256Of(bytes));
    expect(entry).toMatchObject({ actorSubject: ADMIN.subject, actorRole: 'admin', actorPrefecture: null });
    expect(entry.details.prefectureCode).toBe(QUJING);
  });

  it('is not recorded for a dry run, nor for a file refused as a whole', async () => {
    const before = (await ledgerImportEntries(hub)).length;
    const bytes = await ledgerXlsx([validRow()]);
    const preview = await uploadLedgerFile(hub, officer, bytes, { prefecture: KUNMING });
    expect(preview.status).toBe(200);
    expect(preview.body.auditRecorded).toBeNull();
    const refused = await uploadLedgerFile(hub, officer, Buffer.from('\uFEFF名称,金额\r\n某项目,100\r\n'), {
      prefecture: KUNMING,
      commit: true,
      fileName: 'bad.csv',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.auditRecorded).toBeNull();
    expect((await ledgerImportEntries(hub)).length).toBe(before);
  });

  it('is recorded once per import key and outcome: the same commit sent again adds none, a new key adds one', async () => {
    const bytes = await ledgerXlsx([validRow(), validRow()]);
    const key = randomUUID();
    const commit = (idempotencyKey?: string) =>
      uploadLedgerFile(hub, officer, bytes, { prefecture: KUNMING, commit: true, idempotencyKey });

    const first = await commit(key);
    expect(first.body.auditRecorded).toBe(true);
    const again = await commit(key);
    expect(again.body.rows).toEqual(first.body.rows);
    expect(again.body.auditRecorded).toBe(true);
    const entries = await entriesOfFile(hub, sha256Of(bytes));
    expect(entries.length).toBe(1);
    // The entry keeps the request that recorded it.
    expect(entries[0].requestId).toBe(first.requestId);

    // Without a key the file's sha256 keys the import: one entry however often it is sent.
    const unkeyed = await commit();
    expect(unkeyed.body.totals).toMatchObject({ unchanged: 2 });
    await commit();
    // A new key is a new import, judged afresh (all unchanged now), and audited as such.
    await commit(randomUUID());
    const totals = (await entriesOfFile(hub, sha256Of(bytes))).map((e) => e.details.totals);
    expect(totals).toEqual([
      { rows: 2, created: 0, updated: 0, unchanged: 2, failed: 0 },
      { rows: 2, created: 0, updated: 0, unchanged: 2, failed: 0 },
      { rows: 2, created: 2, updated: 0, unchanged: 0, failed: 0 },
    ]);
  });

  it('records an incomplete commit, then its resumption as its own entry, and nothing more for a repeat', async () => {
    const bytes = await ledgerXlsx([validRow(), validRow()]);
    shards.get(KUNMING).tamper = (request) => (request.query.includes('importLedgerRows') ? 'garbage' : null);
    const stopped = await uploadLedgerFile(hub, officer, bytes, { prefecture: KUNMING, commit: true });
    expect(stopped.status).toBe(503);
    expect(stopped.body.complete).toBe(false);
    expect(stopped.body.auditRecorded).toBe(true);

    shards.get(KUNMING).tamper = null;
    await untilAllServing(hub);
    const resumed = await uploadLedgerFile(hub, officer, bytes, { prefecture: KUNMING, commit: true });
    expect(resumed.status).toBe(200);
    await uploadLedgerFile(hub, officer, bytes, { prefecture: KUNMING, commit: true });

    const entries = await entriesOfFile(hub, sha256Of(bytes));
    expect(entries.map((e) => [e.details.complete, e.details.problemCode, e.details.totals.created])).toEqual([
      [true, null, 2],
      [false, stopped.body.problem!.code, 0],
    ]);
  });

  it('when the province fails, the import still answers with its rows written, says auditRecorded: false and logs the request id; the same commit again records it', async () => {
    const bytes = await ledgerXlsx([validRow({ ledgerNumber: `AUDIT-DOWN-${process.pid}` })]);
    province.tamper = (request) => (isAuditWrite(request) ? 'garbage' : null);
    province.reset();
    const unaudited = await uploadLedgerFile(hub, officer, bytes, { prefecture: KUNMING, commit: true });
    expect(unaudited.status).toBe(200);
    expect(unaudited.body.complete).toBe(true);
    expect(unaudited.body.totals).toMatchObject({ created: 1 });
    expect(unaudited.body.auditRecorded).toBe(false);
    // The write was tried (and once more, as its key makes a repeat harmless), never reached the province.
    expect(province.queryBodies.filter(isAuditWrite).length).toBe(2);
    expect(await entriesOfFile(hub, sha256Of(bytes))).toEqual([]);
    const logged = logLines.find((line) => line.requestId === unaudited.requestId && line.level === 50);
    expect(logged, 'an error line with the request id').toMatchObject({
      actor: officer.subject,
      sha256: sha256Of(bytes),
      msg: expect.stringContaining('audit entry could not be recorded'),
    });
    const projects = await hub.query<{ projectStats: { total: number } }>(
      'query($n: String) { projectStats(filter: { ledgerNumber: $n }) { total } }',
      { n: `AUDIT-DOWN-${process.pid}` },
      ADMIN,
    );
    expect(projects.data?.projectStats.total).toBe(1);

    province.tamper = null;
    const repaired = await uploadLedgerFile(hub, officer, bytes, { prefecture: KUNMING, commit: true });
    expect(repaired.body.rows).toEqual(unaudited.body.rows);
    expect(repaired.body.auditRecorded).toBe(true);
    const entries = await entriesOfFile(hub, sha256Of(bytes));
    expect(entries.map((e) => [e.requestId, e.details.totals.created])).toEqual([[repaired.requestId, 1]]);
  });
});
