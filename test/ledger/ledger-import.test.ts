import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { ADMIN, officerOf, TEST_SIGNING_KEYS, VIEWER } from '../../bench/support/hub-tokens.js';
import { ExportLinks } from '../../gateway/ledger/export-links.js';
import { parseCsv } from '../../lib/ledger/csv.js';
import { uploadLedger } from '../../lib/ledger/ledger-client.js';
import { seedProjects } from '../support/hub-seed.js';
import { rawPost } from '../support/raw-post.js';
import { ProjectOrder } from '../../schema/contract/project-order.js';
import { ledgerCsv, ledgerXlsx, readXlsx, validRow } from './ledger-file.js';
import { downloadLink, exportLink, uploadLedgerFile } from './ledger-http.js';

const KUNMING = '530100';
const QUJING = '530300';
const officer = officerOf(KUNMING);
/** Small, so a test can pass it cheaply; every other file here is a few kilobytes. */
const UPLOAD_LIMIT = 1024 * 1024;

let hub: HubHarness;

beforeAll(async () => {
  hub = await startHubHarness({ codes: [KUNMING, QUJING], gateway: { ledgerMaxUploadBytes: UPLOAD_LIMIT } });
});

afterAll(async () => {
  await hub?.close();
});

/** Every project id, province-wide, as the `projects` connection pages them in `orderBy`. */
async function idsInOrder(orderBy: ProjectOrder): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const answer: { data?: any; errors?: unknown } = await hub.query(
      'query($o: ProjectOrder!, $after: String) { projects(first: 50, orderBy: $o, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
      { o: orderBy, after },
      VIEWER,
    );
    expect(answer.errors).toBeUndefined();
    ids.push(...answer.data.projects.edges.map((e: { node: { id: string } }) => e.node.id));
    if (!answer.data.projects.pageInfo.hasNextPage) return ids;
    after = answer.data.projects.pageInfo.endCursor;
  }
}

async function projectsIn(code: string): Promise<number> {
  const answer = await hub.query<{ projectStats: { total: number } }>(
    'query($p: [String!]) { projectStats(filter: { prefectures: $p }) { total } }',
    { p: [code] },
    ADMIN,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.projectStats.total;
}

async function projectByLedgerNumber(ledgerNumber: string) {
  const answer = await hub.query<{
    projects: {
      edges: {
        node: { id: string; stage: string; history: { kind: string; actorSubject: string; source: string | null }[] };
      }[];
    };
  }>(
    'query($n: String) { projects(first: 5, filter: { ledgerNumber: $n }) { edges { node { id stage history { kind actorSubject source } } } } }',
    { n: ledgerNumber },
    ADMIN,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.projects.edges.map((e) => e.node);
}

const sha12 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex').slice(0, 12);

describe('importing a ledger through the gateway', () => {
  it('previews every error class with row, column and message in both languages, and writes nothing', async () => {
    const before = await projectsIn(KUNMING);
    const bytes = await ledgerXlsx([
      validRow({ ledgerNumber: 'P-OK-1' }),
      validRow({ ledgerNumber: 'P-DATE', signedOn: '2024-13-01' }),
      validRow({ ledgerNumber: 'P-STAGE', stage: '快完工了' }),
      validRow({ ledgerNumber: 'P-MONEY', agreedInvestment: '100.125' }),
      validRow({ ledgerNumber: 'P-DUP' }),
      validRow({ ledgerNumber: 'P-DUP' }),
      validRow({ ledgerNumber: 'P-NAME', name: null }),
      validRow({ ledgerNumber: 'P-OK-2' }),
    ]);
    const { status, body } = await uploadLedgerFile(hub, officer, bytes, { prefecture: KUNMING });
    expect(status).toBe(200);
    expect(body.dryRun).toBe(true);
    expect(body.complete).toBe(true);
    const byRow = Object.fromEntries(
      body.rows.map((r) => [r.rowNumber, [r.action, ...r.errors.map((e) => `${e.column}:${e.code}`)]]),
    );
    expect(byRow).toEqual({
      3: ['CREATE'],
      4: ['ERROR', '签约日期:BAD_DATE'],
      5: ['ERROR', '项目阶段:UNKNOWN_ENUM'],
      6: ['ERROR', '协议投资额（元）:MONEY_DECIMALS'],
      7: ['ERROR', '台账编号:DUPLICATE_IN_FILE'],
      8: ['ERROR', '台账编号:DUPLICATE_IN_FILE'],
      9: ['ERROR', '项目名称:REQUIRED'],
      10: ['CREATE'],
    });
    for (const row of body.rows) {
      for (const error of row.errors) {
        expect(error.rowNumber).toBe(row.rowNumber);
        expect(error.messageZh.length).toBeGreaterThan(0);
        expect(error.messageEn.length).toBeGreaterThan(0);
      }
    }
    expect(body.totals).toEqual({ rows: 8, created: 2, updated: 0, unchanged: 0, failed: 6 });
    expect(await projectsIn(KUNMING)).toBe(before);
  });

  it('commits the rows that passed with history naming the officer and the file; the same file again changes nothing', async () => {
    const rows = [
      validRow({ ledgerNumber: 'C-1', fundsInPlace: 3_000_000, fundsInPlaceAsOf: '2025-06-30' }),
      validRow({ ledgerNumber: 'C-2', stage: '开工在建', actualStartOn: '2025-04-18' }),
      validRow({ ledgerNumber: 'C-3', signedOn: 'not a date' }),
    ];
    const bytes = await ledgerXlsx(rows);
    const before = await projectsIn(KUNMING);
    const first = await uploadLedgerFile(hub, officer, bytes, {
      prefecture: KUNMING,
      commit: true,
      fileName: '昆明台账.xlsx',
    });
    expect(first.status).toBe(200);
    expect(first.body.totals).toMatchObject({ created: 2, failed: 1 });
    expect(first.body.rowsCommittedEarlier).toBe(0);
    expect(await projectsIn(KUNMING)).toBe(before + 2);

    const [created] = await projectByLedgerNumber('C-1');
    const creation = created.history.find((e) => e.kind === 'CREATED')!;
    expect(creation.actorSubject).toBe(officer.subject);
    expect(creation.source).toBe(`ledger:昆明台账.xlsx#${sha12(bytes)}`);
    expect(created.history.some((e) => e.kind === 'FUNDING_RECORDED' && e.source === creation.source)).toBe(true);

    // The same request again (a resumed import): its chunks answer their first outcome, nothing is written.
    const again = await uploadLedgerFile(hub, officer, bytes, {
      prefecture: KUNMING,
      commit: true,
      fileName: '昆明台账.xlsx',
    });
    expect(again.body.rows).toEqual(first.body.rows);
    // …and says so: its "create" verdicts are the first commit's, not two more projects.
    expect(again.body.rowsCommittedEarlier).toBe(2);
    expect(await projectsIn(KUNMING)).toBe(before + 2);

    // Judged afresh (a new Idempotency-Key): every row matches its project and is unchanged.
    const fresh = await uploadLedgerFile(hub, officer, bytes, {
      prefecture: KUNMING,
      commit: true,
      fileName: '昆明台账.xlsx',
      idempotencyKey: randomUUID(),
    });
    expect(fresh.body.totals).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 1 });
    expect(fresh.body.rowsCommittedEarlier).toBe(0);
    expect(await projectsIn(KUNMING)).toBe(before + 2);
    const [same] = await projectByLedgerNumber('C-1');
    expect(same.history).toEqual(created.history);
  });

  it('reports a stage move the lifecycle forbids on the stage column', async () => {
    const bytes = await ledgerXlsx([validRow({ ledgerNumber: 'S-1', stage: '开工在建', actualStartOn: '2025-04-18' })]);
    await uploadLedgerFile(hub, officer, bytes, { prefecture: KUNMING, commit: true });
    const moved = await ledgerXlsx([validRow({ ledgerNumber: 'S-1', stage: '签约' })]);
    const { body } = await uploadLedgerFile(hub, officer, moved, { prefecture: KUNMING });
    expect(body.rows[0].action).toBe('ERROR');
    expect(body.rows[0].errors.map((e) => `${e.column}:${e.code}`)).toEqual(['项目阶段:STAGE_MOVE_FORBIDDEN']);
    expect((await projectByLedgerNumber('S-1'))[0].stage).toBe('UNDER_CONSTRUCTION');
  });

  it('refuses an officer of another prefecture and a viewer, writing nothing', async () => {
    const bytes = await ledgerXlsx([validRow({ ledgerNumber: 'X-1' })]);
    const before = await projectsIn(KUNMING);
    const other = await uploadLedgerFile(hub, officerOf(QUJING), bytes, { prefecture: KUNMING, commit: true });
    expect(other.status).toBe(403);
    expect(other.body.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      messageZh: `${QUJING} 的经办人员不能向 ${KUNMING} 导入台账`,
    });
    const viewer = await uploadLedgerFile(hub, VIEWER, bytes, { prefecture: KUNMING, commit: true });
    expect(viewer.status).toBe(403);
    expect(await projectsIn(KUNMING)).toBe(before);
    expect(await projectByLedgerNumber('X-1')).toEqual([]);
  });

  it('judges the same bytes committed under another name afresh: every row unchanged, nothing refused', async () => {
    const bytes = await ledgerXlsx([validRow({ ledgerNumber: 'N-1' }), validRow({ ledgerNumber: 'N-2' })]);
    const first = await uploadLedgerFile(hub, officer, bytes, {
      prefecture: KUNMING,
      commit: true,
      fileName: 'a.xlsx',
    });
    expect(first.body.totals).toMatchObject({ created: 2, failed: 0 });
    const before = await projectsIn(KUNMING);
    // "a (1).xlsx": the browser's name for a second download of the same file.
    const renamed = await uploadLedgerFile(hub, officer, bytes, {
      prefecture: KUNMING,
      commit: true,
      fileName: 'a (1).xlsx',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.totals).toMatchObject({ unchanged: 2, created: 0, failed: 0 });
    expect(renamed.body.rowsCommittedEarlier).toBe(0);
    expect(await projectsIn(KUNMING)).toBe(before);
  });

  it('refuses a commit whose Idempotency-Key another file used (HTTP 409, both languages), writing and auditing nothing', async () => {
    const key = randomUUID();
    const first = await uploadLedgerFile(hub, officer, await ledgerXlsx([validRow({ ledgerNumber: 'K-1' })]), {
      prefecture: KUNMING,
      commit: true,
      idempotencyKey: key,
    });
    expect(first.body.totals).toMatchObject({ created: 1 });
    const audited = async () =>
      (await hub.query<{ auditLog: unknown[] }>('{ auditLog { id } }', {}, ADMIN)).data!.auditLog.length;
    const [projects, entries] = [await projectsIn(KUNMING), await audited()];
    const other = await ledgerXlsx([validRow({ ledgerNumber: 'K-2' })]);
    const refused = await uploadLedgerFile(hub, officer, other, {
      prefecture: KUNMING,
      commit: true,
      idempotencyKey: key,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.errors?.[0].message).toContain('send this file with a new key');
    expect(refused.body.errors?.[0].extensions).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      messageZh: expect.stringContaining('请用新的 Idempotency-Key 导入本文件'),
    });
    // The same through the progress stream the CLI reads: its last line is the refusal.
    const streamed = await uploadLedger({
      gatewayUrl: hub.gatewayUrl,
      token: await hub.tokenFor(officer),
      bytes: other,
      fileName: '台账.xlsx',
      prefecture: KUNMING,
      commit: true,
      idempotencyKey: key,
    });
    expect(streamed).toMatchObject({ status: 409, errors: [{ extensions: { code: 'IDEMPOTENCY_KEY_REUSED' } }] });
    expect(await projectByLedgerNumber('K-2')).toEqual([]);
    expect([await projectsIn(KUNMING), await audited()]).toEqual([projects, entries]);
  });

  it('refuses a file name that would not read as sent, and an Idempotency-Key sent twice, in both languages', async () => {
    const bytes = await ledgerXlsx([validRow({ ledgerNumber: 'F-1' })]);
    const before = await projectsIn(KUNMING);
    for (const [fileName, problem] of [
      ['台账\n.xlsx', 'U+000A'],
      ['\u202Excslx.exe', 'U+202E'],
      ['a\u2028b.xlsx', 'U+2028'],
      ['a\u0085b.xlsx', 'U+0085'],
      ['台'.repeat(201), 'at most 200 characters'],
    ]) {
      const { status, body } = await uploadLedgerFile(hub, officer, bytes, {
        prefecture: KUNMING,
        commit: true,
        fileName,
      });
      expect(status, problem).toBe(400);
      expect(body.errors?.[0].message, problem).toContain(problem);
      expect(body.errors?.[0].extensions, problem).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fileName' });
    }
    // 200 characters outside the Basic Multilingual Plane are 400 UTF-16 units, and fine.
    const emoji = await uploadLedgerFile(hub, officer, bytes, { prefecture: KUNMING, fileName: '📊'.repeat(200) });
    expect(emoji.status).toBe(200);

    // Two header lines (Node would join them into one "a, b" key).
    const url = new URL('/ledger/imports?prefecture=530100&dryRun=false', hub.gatewayUrl);
    const twice = await rawPost(
      url,
      { authorization: `Bearer ${await hub.tokenFor(officer)}`, 'idempotency-key': ['key-a', 'key-b'] },
      bytes,
    );
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].message).toContain('must be sent once');
    expect(twice.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      messageZh: expect.stringContaining('只能发送一次'),
    });
    expect(await projectsIn(KUNMING)).toBe(before);
  });

  it('refuses a file over the upload limit (HTTP 413) in English and Chinese, writing nothing', async () => {
    const before = await projectsIn(KUNMING);
    const tooLarge = Buffer.concat([await ledgerXlsx([validRow()]), Buffer.alloc(UPLOAD_LIMIT)]);
    const { status, body } = await uploadLedgerFile(hub, officer, tooLarge, { prefecture: KUNMING, commit: true });
    expect(status).toBe(413);
    expect(body.errors?.[0].message).toMatch(/larger than 1 MiB/);
    expect(body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      messageZh: '文件超过 1 MiB 上限，请将台账拆分为几个文件分别导入',
    });
    expect(await projectsIn(KUNMING)).toBe(before);
  });

  it('refuses a file with a bad header as a whole (HTTP 400), naming the row and the problem', async () => {
    const { status, body } = await uploadLedgerFile(hub, officer, Buffer.from('\uFEFF名称,金额\r\n某项目,100\r\n'), {
      prefecture: KUNMING,
      fileName: 'bad.csv',
    });
    expect(status).toBe(400);
    expect(body.fileErrors).toMatchObject([{ rowNumber: 1, code: 'BAD_HEADER' }]);
    expect(body.rows).toEqual([]);
  });
});

describe('exporting and importing back', () => {
  it('exports a prefecture as .xlsx that imports back all UNCHANGED', async () => {
    await uploadLedgerFile(
      hub,
      officer,
      await ledgerXlsx([
        validRow({ ledgerNumber: 'R-1', eventName: '第8届南博会' }),
        validRow({ ledgerNumber: 'R-2' }),
      ]),
      { prefecture: KUNMING, commit: true },
    );
    const { url, errors } = await exportLink(hub, officer, {
      kind: 'PROJECTS',
      prefecture: KUNMING,
      orderBy: 'ID_ASC',
    });
    expect(errors).toEqual([]);
    const file = await downloadLink(hub, officer, url!);
    expect(file.status).toBe(200);
    const sheet = await readXlsx(file.bytes);
    expect(sheet.getRow(1).getCell(1).value).toBe('台账编号');
    expect(sheet.getRow(2).getCell(1).value).toBe('Ledger number');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.autoFilter).toBeTruthy();
    const total = await projectsIn(KUNMING);
    expect(sheet.rowCount).toBe(total + 2);

    const back = await uploadLedgerFile(hub, officer, file.bytes, { prefecture: KUNMING, fileName: 'export.xlsx' });
    expect(back.status).toBe(200);
    expect(back.body.rows.filter((r) => r.action !== 'UNCHANGED')).toEqual([]);
    expect(back.body.totals.unchanged).toBe(total);
  });

  it('exports and imports CSV (UTF-8 with BOM) the same way', async () => {
    const { url } = await exportLink(hub, officer, { kind: 'PROJECTS', prefecture: KUNMING, format: 'CSV' });
    const file = await downloadLink(hub, officer, url!);
    expect(file.status).toBe(200);
    expect(file.contentType).toContain('text/csv');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.bytes.toString('utf8')).toContain('台账编号');
    const back = await uploadLedgerFile(hub, officer, file.bytes, { prefecture: KUNMING, fileName: 'export.csv' });
    expect(back.body.format).toBe('csv');
    expect(back.body.rows.filter((r) => r.action !== 'UNCHANGED')).toEqual([]);

    const created = await uploadLedgerFile(hub, officer, ledgerCsv([validRow({ ledgerNumber: 'CSV-1' })]), {
      prefecture: KUNMING,
      commit: true,
      fileName: null,
    });
    expect(created.body.rows.map((r) => r.action)).toEqual(['CREATE']);
    // Sent without a name, it is named by what it is, in the answer and in the project's history.
    expect(created.body.fileName).toBe('ledger.csv');
    const [project] = await projectByLedgerNumber('CSV-1');
    expect(project.history.find((e) => e.kind === 'CREATED')!.source).toMatch(/^ledger:ledger\.csv#/);
  });

  it('exports the whole province in exactly the order of the projects connection, for every order', async () => {
    // Quijing's rows tie with Kunming's on signing date and investment: the id decides, as in a page.
    const qujing = [validRow(), validRow({ agreedInvestment: 90_000_000, signedOn: '2023-05-01' }), validRow()];
    const imported = await uploadLedgerFile(hub, officerOf(QUJING), await ledgerXlsx(qujing), {
      prefecture: QUJING,
      commit: true,
    });
    expect(imported.body.totals.created).toBe(3);
    // More than a page (100) in each prefecture, so each prefecture's stream reads several pages.
    await seedProjects(hub, 105);
    for (const orderBy of Object.values(ProjectOrder)) {
      const { url, errors } = await exportLink(hub, VIEWER, { kind: 'PROJECTS', format: 'CSV', orderBy });
      expect(errors).toEqual([]);
      const [header, , ...rows] = parseCsv((await downloadLink(hub, VIEWER, url!)).bytes.toString('utf8'));
      const idColumn = header.indexOf('项目ID');
      expect(
        rows.map((row) => row[idColumn]),
        orderBy,
      ).toEqual(await idsInOrder(orderBy));
    }
    // Five exports, each a process of its own that starts under tsx: seconds each on a busy machine.
  }, 150_000);

  it('exports a cohort’s metrics per prefecture and province with numerators and denominators', async () => {
    const { url, errors } = await exportLink(hub, VIEWER, { kind: 'METRICS', cohort: '{"year":2024}' });
    expect(errors).toEqual([]);
    const sheet = await readXlsx((await downloadLink(hub, VIEWER, url!)).bytes);
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(expect.arrayContaining(['履约率分子', '履约率分母', '履约率', '开工率']));
    expect(sheet.getRow(3).getCell(1).value).toBe('530000');
  });

  it('refuses a bad filter when the link is asked for (the caller’s mistake)', async () => {
    const { url, errors } = await exportLink(hub, VIEWER, { kind: 'PROJECTS', filter: '{"signedFrom":"2024-02-30"}' });
    expect(url).toBeNull();
    expect(errors[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('download links', () => {
  it('are refused when forged, expired, used by another caller or used twice', async () => {
    const { url } = await exportLink(hub, officer, { kind: 'PROJECTS', prefecture: KUNMING });
    const token = new URL(url!, hub.gatewayUrl).searchParams.get('link')!;
    const [payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: VIEWER.subject }),
    ).toString('base64url');
    const forged = await downloadLink(hub, VIEWER, `/ledger/exports?link=${forgedPayload}.${signature}`);
    expect(forged.status).toBe(403);

    const someoneElse = await downloadLink(hub, officerOf(QUJING), url!);
    expect(someoneElse.status).toBe(403);
    expect(JSON.parse(someoneElse.bytes.toString()).errors[0].message).toContain('another user');

    const stale = new ExportLinks(TEST_SIGNING_KEYS, () => Date.now() - 10 * 60_000).mint(
      { subject: officer.subject, role: 'officer', prefectureCode: KUNMING },
      { kind: 'PROJECTS', format: 'XLSX', filter: { prefectures: [KUNMING] }, orderBy: 'ID_ASC' as never },
    );
    const expired = await downloadLink(hub, officer, stale.url);
    expect(expired.status).toBe(403);
    expect(JSON.parse(expired.bytes.toString()).errors[0].message).toContain('expired');

    expect((await downloadLink(hub, officer, url!)).status).toBe(200);
    expect((await downloadLink(hub, officer, url!)).status).toBe(403);
  });
});
