/**
 * Only the gateway writes ledger import entries to the audit log: `recordLedgerImport` is outside
 * the client graph, and the province serves it to a `ledger-audit` credential alone — which only
 * the gateway can mint, which is good once, and which is bound to the one entry and key it was
 * minted for. Real hub over loopback HTTP, a proxy in front of the province capturing what the
 * gateway sends it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import {
  ADMIN,
  craftCredential,
  hubTokenFor,
  ledgerAuditTokenFor,
  officerOf,
  probeTokenFor,
  registryTokenFor,
} from '../../bench/support/hub-tokens.js';
import {
  ledgerImportAuditBinding,
  ledgerImportAuditKey,
  RECORD_LEDGER_IMPORT,
  type LedgerImportAudit,
} from '../../schema/contract/ledger-audit.js';
import type { Actor } from '../../schema/contract/hub-credential.js';
import { commitKeyBase } from '../../gateway/ledger/ledger-import.js';
import { postToGateway } from '../support/gateway-http.js';
import { ledgerImportEntries } from '../support/ledger-audit-log.js';
import { startShardProxy, type ShardProxy } from '../support/shard-proxy.js';
import { ledgerXlsx, validRow } from '../ledger/ledger-file.js';
import { uploadLedgerFile } from '../ledger/ledger-http.js';

const KUNMING = '530100';
const QUJING = '530300';
const officer = officerOf(KUNMING);

interface Outcome {
  readonly status: number;
  readonly body: {
    data?: Record<string, any> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

let hub: HubHarness;
let province: ShardProxy;
let serial = 0;

beforeAll(async () => {
  hub = await startHubHarness({
    codes: [KUNMING, QUJING],
    provinceUrlFor: async (realUrl) => (province = await startShardProxy(realUrl)).url,
  });
});

afterAll(async () => {
  await hub?.close();
  await province?.close();
});

/** A well-formed entry of an import by an officer of Kunming, new each time. */
function entry(changes: Partial<LedgerImportAudit> = {}): LedgerImportAudit {
  serial++;
  return {
    prefectureCode: KUNMING,
    fileName: `forged-${serial}.xlsx`,
    sha256: createHash('sha256').update(`forged ${process.pid} ${serial}`).digest('hex'),
    format: 'xlsx',
    complete: true,
    problemCode: null,
    totals: { rows: 3, created: 3, updated: 0, unchanged: 0, failed: 0 },
    ...changes,
  };
}

const keyOf = (audit: LedgerImportAudit) => ledgerImportAuditKey(`ledger:${audit.sha256}:commit`, audit);

/** POSTs an operation straight to the province (not through the gateway) with `token` and `key`. */
async function toProvince(
  token: string,
  variables: Record<string, unknown>,
  key?: string,
  query = RECORD_LEDGER_IMPORT,
): Promise<Outcome> {
  const response = await fetch(hub.provinceUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-token': token,
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Outcome['body'] };
}

/** The gateway's credential for `audit` sent with its key, as the gateway would send it. */
async function asTheGateway(audit: LedgerImportAudit, actor: Actor = officer, key = keyOf(audit)): Promise<Outcome> {
  return toProvince(await ledgerAuditTokenFor(actor, ledgerImportAuditBinding(audit, key)), { input: audit }, key);
}

async function entryCount(): Promise<number> {
  return (await ledgerImportEntries(hub)).length;
}

/**
 * Refused with `code` and no data. `status`: 401 and 403 come from the door (credential, scope)
 * before anything runs; a refusal by the field itself is a GraphQL error in an HTTP 200.
 */
function expectRefused(outcome: Outcome, status: 200 | 401 | 403, code: string, message?: RegExp): void {
  expect(outcome.status, JSON.stringify(outcome.body)).toBe(status);
  expect(outcome.body.errors?.[0].extensions?.code).toBe(code);
  if (message) expect(outcome.body.errors?.[0].message).toMatch(message);
  expect(outcome.body.data ?? null).toBeNull();
}

describe('recordLedgerImport through the gateway', () => {
  it('is not in the client schema: the gateway refuses it from an admin and an officer, and lists it nowhere', async () => {
    const before = await entryCount();
    const audit = entry();
    for (const actor of [ADMIN, officer]) {
      const answer = await postToGateway(hub, RECORD_LEDGER_IMPORT, { input: audit }, actor);
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      expect(answer.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(answer.body.data ?? null).toBeNull();
    }
    const mutations = await hub.query<{ __type: { fields: { name: string }[] } }>(
      '{ __type(name: "Mutation") { fields { name } } }',
      {},
      ADMIN,
    );
    const names = mutations.data!.__type.fields.map((f) => f.name);
    expect(names).toContain('registerPrefectureShard');
    expect(names).not.toContain('recordLedgerImport');
    const api = readFileSync('schema/api.graphql', 'utf8');
    expect(api).not.toMatch(/recordLedgerImport|LedgerImportAudit/);
    expect(await entryCount()).toBe(before);
  });
});

describe('recordLedgerImport called on the province directly', () => {
  it('is served to the gateway’s ledger-audit credential (so the refusals below are about what differs)', async () => {
    const audit = entry();
    const outcome = await asTheGateway(audit);
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    const [recorded] = await ledgerImportEntries(hub);
    expect(recorded.id).toBe(outcome.body.data?.recordLedgerImport.id);
    expect(recorded).toMatchObject({ actorSubject: officer.subject, actorPrefecture: KUNMING, details: audit });
    // Sent again with its key (a lost answer): the same entry, not a second one.
    const again = await asTheGateway(audit);
    expect(again.body.data?.recordLedgerImport.id).toBe(recorded.id);
    expect((await ledgerImportEntries(hub))[0].id).toBe(recorded.id);
  });

  it('refuses an officer’s or an admin’s own credential, however well-formed the entry', async () => {
    const before = await entryCount();
    for (const actor of [officer, ADMIN]) {
      const audit = entry();
      const outcome = await toProvince(await hubTokenFor(actor, 'province'), { input: audit }, keyOf(audit));
      expectRefused(outcome, 200, 'FORBIDDEN', /may not do this/);
    }
    expect(await entryCount()).toBe(before);
  });

  it('refuses the gateway’s probe and registry credentials', async () => {
    const before = await entryCount();
    for (const token of [await probeTokenFor('province'), await registryTokenFor()]) {
      const audit = entry();
      expectRefused(await toProvince(token, { input: audit }, keyOf(audit)), 403, 'FORBIDDEN', /may read only/);
    }
    expect(await entryCount()).toBe(before);
  });

  it('refuses a ledger-audit credential for another entry or key: nothing can be altered on the way', async () => {
    const before = await entryCount();
    const audit = entry();
    const token = () => ledgerAuditTokenFor(officer, ledgerImportAuditBinding(audit, keyOf(audit)));
    const altered = { ...audit, totals: { ...audit.totals, created: 2, failed: 1 } };
    expectRefused(await toProvince(await token(), { input: altered }, keyOf(audit)), 200, 'FORBIDDEN', /another entry/);
    expectRefused(await toProvince(await token(), { input: audit }, `${keyOf(audit)}-2`), 200, 'FORBIDDEN');
    expectRefused(await toProvince(await token(), { input: audit }), 200, 'BAD_USER_INPUT', /Idempotency-Key/);
    expect(await entryCount()).toBe(before);
  });

  it('opens nothing else with a ledger-audit credential: no read, no other write, no second entry by alias', async () => {
    const audit = entry();
    const key = keyOf(audit);
    const token = () => ledgerAuditTokenFor(ADMIN, ledgerImportAuditBinding(audit, key));
    const aliased = `mutation($input: LedgerImportAuditInput!) {
      a: recordLedgerImport(input: $input) { id } b: recordLedgerImport(input: $input) { id } }`;
    const refused = [
      '{ auditLog { id } }',
      '{ prefectures { code shardUrl } }',
      `mutation { registerPrefectureShard(code: "${QUJING}", url: "http://127.0.0.1:1/graphql") { code } }`,
      aliased,
      'mutation($input: LedgerImportAuditInput!) { recordLedgerImport(input: $input) { id details } }',
    ];
    const before = await entryCount();
    for (const query of refused) {
      expectRefused(await toProvince(await token(), { input: audit }, key, query), 403, 'FORBIDDEN', /ledger-audit/);
    }
    expect(await entryCount()).toBe(before);
  });

  it('refuses a ledger-audit credential without the request it is bound to, and an actor who may not import there', async () => {
    const before = await entryCount();
    const audit = entry();
    const unbound = await craftCredential({
      audience: 'province',
      claims: { scope: 'ledger-audit', role: 'officer', pref: KUNMING },
    });
    expectRefused(await toProvince(unbound, { input: audit }, keyOf(audit)), 401, 'UNAUTHENTICATED', /must name/);
    expectRefused(await asTheGateway(audit, officerOf(QUJING)), 200, 'FORBIDDEN', /cannot have imported/);
    expect(await entryCount()).toBe(before);
  });

  it('refuses bad entries with the field named', async () => {
    const cases: [Partial<LedgerImportAudit>, string][] = [
      [{ prefectureCode: '999999' }, 'input.prefectureCode'],
      [{ sha256: 'not-a-hash' }, 'input.sha256'],
      [{ totals: { rows: 3, created: 1, updated: 0, unchanged: 0, failed: 0 } }, 'input.totals'],
      [{ complete: false }, 'input.problemCode'],
    ];
    for (const [changes, field] of cases) {
      const outcome = await asTheGateway(entry(changes));
      expect(outcome.body.errors?.[0].extensions, JSON.stringify(changes)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
  });
});

describe('a ledger-audit credential captured on its way to the province', () => {
  it('is refused when replayed with the very request it came with', async () => {
    province.reset();
    const bytes = await ledgerXlsx([validRow()]);
    const upload = await uploadLedgerFile(hub, officer, bytes, { prefecture: KUNMING, commit: true });
    expect(upload.body.auditRecorded).toBe(true);
    const sent = province.hubTokens.filter(({ token }) => decodeJwt(token).scope === 'ledger-audit');
    expect(sent.length).toBe(1);
    const request = province.queryBodies.find(({ query }) => query.includes('recordLedgerImport'))!;
    const audit = request.variables!.input as LedgerImportAudit;
    const keyBase = commitKeyBase({ sha256: audit.sha256, prefectureCode: KUNMING, fileName: audit.fileName });
    const key = ledgerImportAuditKey(keyBase, audit);
    expect(decodeJwt(sent[0].token).bind).toBe(ledgerImportAuditBinding(audit, key));

    const before = await entryCount();
    const replay = await toProvince(sent[0].token, request.variables!, key);
    expectRefused(replay, 401, 'UNAUTHENTICATED', /already used/);
    expect(await entryCount()).toBe(before);
  });
});
