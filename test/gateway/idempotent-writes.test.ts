import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunRequest } from '../../lib/jobs/metrics-jobs.js';
import { AuditEntry, MetricRun } from '../../lib/hub-database/entities/index.js';
import { runsQueue } from '../../lib/jobs/metrics.queue.js';
import { GraphClient } from '../../lib/http/graph-client.js';
import { untilAllServing } from '../support/gateway-http.js';
import { rawPost } from '../support/raw-post.js';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { connectTestRedis, deleteQueueKeys, testQueuePrefix } from '../support/metrics-harness.js';
import { ANALYST, officerOf } from '../../bench/support/hub-tokens.js';
import { CREATE_PROJECT, projectInput } from '../../bench/support/project-fixtures.js';
import { shardProxies } from '../support/shard-proxies.js';
import type { ShardProxy } from '../support/shard-proxy.js';

/** Behind a proxy that can hold the shard's answers past the gateway's timeout. */
const SLOW = '530100';
/** Stopped in the test of a write that never reached its shard. */
const STOPPED = '530300';
// Generous for a loaded two-core machine; the proxy holds answers well past it.
const TIMEOUT_MS = 1_500;
const HELD_MS = 3_000;

const FUND = `mutation Fund($input: RecordFundingInput!) { recordFunding(input: $input) { id amount } }`;
const FUNDS = `query Funds($id: ID!) { project(id: $id) { fundsInPlace fundingRecords { id amount } } }`;
const LANDING = `mutation { setLandingDefinition(definition: "STARTED") { landingDefinition } }`;

describe('idempotent writes through the gateway', () => {
  let hub: HubHarness;
  const shards = shardProxies({ only: [SLOW] });
  let proxy: ShardProxy;
  const officer = officerOf(SLOW);
  // Metric runs are queued here and never worked: the test looks at what was queued.
  let redis: Redis;
  let runs: Queue<RunRequest>;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    redis = await connectTestRedis();
    runs = runsQueue(redis, prefix);
    hub = await startHubHarness({ codes: [SLOW, STOPPED], shardTimeoutMs: TIMEOUT_MS, urlFor: shards.urlFor, runs });
    proxy = shards.get(SLOW);
    await untilAllServing(hub);
  });
  afterAll(async () => {
    await hub?.close();
    await shards.close();
    await runs?.close();
    if (redis) {
      await deleteQueueKeys(redis, prefix);
      await redis.quit();
    }
  });
  beforeEach(() => {
    proxy.mode = 'pass';
  });

  async function newProject(): Promise<string> {
    const created = await hub.query(CREATE_PROJECT, { input: projectInput(SLOW) }, officer);
    expect(created.errors).toBeUndefined();
    return created.data!.createProject.id as string;
  }

  const fund = (projectId: string, amount: string, headers: Record<string, string> = {}, actor = officer) =>
    hub.query(FUND, { input: { projectId, receivedOn: '2019-01-10', amount } }, actor, headers);

  async function funds(projectId: string) {
    const result = await hub.query(FUNDS, { id: projectId });
    expect(result.errors).toBeUndefined();
    return result.data!.project as { fundsInPlace: string; fundingRecords: { id: string; amount: string }[] };
  }

  /** Holds the next answers past the timeout, runs `call`, and lets answers through again. */
  async function withAnswersHeld<T>(call: () => Promise<T>): Promise<T> {
    proxy.mode = 'delayAnswer';
    proxy.delayMs = HELD_MS;
    try {
      return await call();
    } finally {
      proxy.mode = 'pass';
    }
  }

  it('answers a timed-out write WRITE_OUTCOME_UNKNOWN with its key; the retry with that key counts the money once', async () => {
    const projectId = await newProject();
    const lost = await withAnswersHeld(() => fund(projectId, '2500000', { 'Idempotency-Key': 'fund-once-1' }));
    expect(lost.data?.recordFunding ?? null).toBeNull();
    expect(lost.errors).toHaveLength(1);
    expect(lost.errors![0].extensions).toMatchObject({
      code: 'WRITE_OUTCOME_UNKNOWN',
      idempotencyKey: 'fund-once-1',
      prefecture: SLOW,
    });
    expect(lost.errors![0].message).toContain('Idempotency-Key: fund-once-1');
    // The shard did commit: the lost answer hid a write, which is why the retry must not write again.
    expect((await funds(projectId)).fundingRecords).toHaveLength(1);

    const retried = await fund(projectId, '2500000', { 'Idempotency-Key': 'fund-once-1' });
    expect(retried.errors).toBeUndefined();
    const after = await funds(projectId);
    expect(after).toEqual({
      fundsInPlace: '2500000.00',
      fundingRecords: [{ id: retried.data!.recordFunding.id, amount: '2500000.00' }],
    });
  });

  it('gives a write sent without a key a generated one, which the retry can use', async () => {
    const projectId = await newProject();
    const lost = await withAnswersHeld(() => fund(projectId, '700000'));
    const key = lost.errors?.[0]?.extensions?.idempotencyKey as string;
    expect(lost.errors?.[0]?.extensions?.code).toBe('WRITE_OUTCOME_UNKNOWN');
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const retried = await fund(projectId, '700000', { 'Idempotency-Key': key });
    expect(retried.errors).toBeUndefined();
    expect(await funds(projectId)).toMatchObject({
      fundsInPlace: '700000.00',
      fundingRecords: [{ amount: '700000.00' }],
    });
  });

  it('lets the CLI client retry a write with an unknown outcome by itself, under one key', async () => {
    const projectId = await newProject();
    const client = new GraphClient(hub.gatewayUrl, await hub.tokenFor(officer));
    proxy.reset();
    proxy.mode = 'delayAnswer';
    proxy.delayMs = HELD_MS;
    // Only the first attempt's answer is held: the proxy passes everything once it has arrived.
    const letThrough = setInterval(() => {
      if (proxy.queries > 0) proxy.mode = 'pass';
    }, 10);
    try {
      const input = { projectId, receivedOn: '2019-01-10', amount: '42' };
      const answer = await client.request<{ recordFunding: { id: string } }>(FUND, { input });
      // The held attempt and the retry (the gateway may add a resend of its own, same key).
      expect(proxy.queries).toBeGreaterThanOrEqual(2);
      expect(await funds(projectId)).toEqual({
        fundsInPlace: '42.00',
        fundingRecords: [{ id: answer.recordFunding.id, amount: '42.00' }],
      });
    } finally {
      clearInterval(letThrough);
    }
  });

  it('refuses the same key with another amount, writing nothing', async () => {
    const projectId = await newProject();
    expect((await fund(projectId, '100', { 'Idempotency-Key': 'fund-reused' })).errors).toBeUndefined();
    const reused = await fund(projectId, '200', { 'Idempotency-Key': 'fund-reused' });
    expect(reused.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key'],
    ]);
    expect(reused.errors![0].message).toContain('different request');
    expect(await funds(projectId)).toMatchObject({ fundsInPlace: '100.00', fundingRecords: [{ amount: '100.00' }] });
  });

  it('writes once for two concurrent requests with one key, and answers both with that write', async () => {
    const projectId = await newProject();
    const answers = await Promise.all([1, 2, 3].map(() => fund(projectId, '300', { 'Idempotency-Key': 'fund-race' })));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const ids = new Set(answers.map((answer) => answer.data!.recordFunding.id));
    expect(ids.size).toBe(1);
    expect(await funds(projectId)).toEqual({
      fundsInPlace: '300.00',
      fundingRecords: [{ id: [...ids][0], amount: '300.00' }],
    });
  });

  it('keeps keys per caller: another officer’s same key is another write', async () => {
    const projectId = await newProject();
    const colleague = { subject: `colleague-${SLOW}`, role: 'officer' as const, prefectureCode: SLOW };
    expect((await fund(projectId, '10', { 'Idempotency-Key': 'shared-key' })).errors).toBeUndefined();
    expect((await fund(projectId, '10', { 'Idempotency-Key': 'shared-key' }, colleague)).errors).toBeUndefined();
    expect(await funds(projectId)).toMatchObject({ fundsInPlace: '20.00' });
  });

  it('gives two aliased mutations of one request keys of their own', async () => {
    const projectId = await newProject();
    const twice = `mutation($a: RecordFundingInput!, $b: RecordFundingInput!) {
      a: recordFunding(input: $a) { id } b: recordFunding(input: $b) { id } }`;
    const input = { projectId, receivedOn: '2019-01-10', amount: '5' };
    const first = await hub.query(twice, { a: input, b: input }, officer, { 'Idempotency-Key': 'two-fields' });
    expect(first.errors).toBeUndefined();
    expect(first.data!.a.id).not.toBe(first.data!.b.id);
    const again = await hub.query(twice, { a: input, b: input }, officer, { 'Idempotency-Key': 'two-fields' });
    expect(again.data).toEqual(first.data);
    expect(await funds(projectId)).toMatchObject({ fundsInPlace: '10.00' });
  });

  it('refuses a malformed key naming the header', async () => {
    const projectId = await newProject();
    for (const bad of ['x'.repeat(201), 'caf\u00e9']) {
      const refused = await fund(projectId, '1', { 'Idempotency-Key': bad });
      expect(refused.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
        ['BAD_USER_INPUT', 'Idempotency-Key'],
      ]);
      // Refused before the request reaches Apollo's plugins, yet quotable like any other error.
      expect(refused.errors?.[0].extensions?.requestId).toMatch(/\S/);
    }
    const longAlias = `mutation($input: RecordFundingInput!) { ${'a'.repeat(300)}: recordFunding(input: $input) { id } }`;
    const tooLong = await hub.query(
      longAlias,
      { input: { projectId, receivedOn: '2019-01-10', amount: '1' } },
      officer,
      {
        'Idempotency-Key': 'k'.repeat(200),
      },
    );
    expect(tooLong.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'Idempotency-Key'],
    ]);
    // Sent twice as two header lines: not taken for the one key "k1, k2" Node would join them into.
    const twice = await rawPost(
      new URL(hub.gatewayUrl),
      {
        'content-type': 'application/json',
        authorization: `Bearer ${await hub.tokenFor(officer)}`,
        'idempotency-key': ['k1', 'k2'],
      },
      JSON.stringify({ query: FUND, variables: { input: { projectId, receivedOn: '2019-01-10', amount: '1' } } }),
    );
    expect(twice.status).toBe(400);
    expect(twice.body.errors.map((e: any) => [e.extensions?.code, e.message])).toEqual([
      ['BAD_USER_INPUT', 'Idempotency-Key header: must be sent once'],
    ]);
    expect(await funds(projectId)).toMatchObject({ fundsInPlace: '0.00' });
  });

  it('keeps reads PREFECTURE_UNAVAILABLE when they time out', async () => {
    const projectId = await newProject();
    const read = await withAnswersHeld(() => hub.query(FUNDS, { id: projectId }));
    expect(read.errors?.map((e) => e.extensions?.code)).toEqual(['PREFECTURE_UNAVAILABLE']);
  });

  it('applies a province mutation once when repeated with the same key', async () => {
    const audits = () => hub.provinceOrm.em.fork().count(AuditEntry, { action: 'setLandingDefinition' });
    const before = await audits();
    for (let i = 0; i < 2; i++) {
      const answer = await hub.query(LANDING, {}, ANALYST, { 'Idempotency-Key': 'landing-1' });
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ setLandingDefinition: { landingDefinition: 'STARTED' } });
    }
    expect(await audits()).toBe(before + 1);
    expect((await hub.query(LANDING, {}, ANALYST, { 'Idempotency-Key': 'landing-2' })).errors).toBeUndefined();
    expect(await audits()).toBe(before + 2);
  });

  it('records and queues one metric run for runMetrics repeated with the same key', async () => {
    const run = `mutation { runMetrics(asOf: "2026-01-05", prefectures: ["${SLOW}"]) { id state } }`;
    const first = await hub.query(run, {}, ANALYST, { 'Idempotency-Key': 'run-1' });
    const again = await hub.query(run, {}, ANALYST, { 'Idempotency-Key': 'run-1' });
    expect(first.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    expect(await hub.provinceOrm.em.fork().count(MetricRun, { asOf: '2026-01-05' })).toBe(1);
    expect((await runs.getJobs(['waiting', 'delayed', 'active'])).map((job) => job.id)).toEqual([
      first.data!.runMetrics.id,
    ]);
  });

  // Last: the shard stays stopped.
  it('answers a write that never reached its shard PREFECTURE_UNAVAILABLE, still with the key', async () => {
    const created = await hub.query(CREATE_PROJECT, { input: projectInput(STOPPED) }, officerOf(STOPPED));
    expect(created.errors).toBeUndefined();
    await hub.stopShard(STOPPED);
    const refused = await fund(
      created.data!.createProject.id,
      '1',
      { 'Idempotency-Key': 'never-sent' },
      officerOf(STOPPED),
    );
    expect(refused.errors?.map((e) => e.extensions)).toEqual([
      expect.objectContaining({
        code: 'PREFECTURE_UNAVAILABLE',
        prefecture: STOPPED,
        idempotencyKey: 'never-sent',
        reason: 'UNREACHABLE',
      }),
    ]);
  });
});
