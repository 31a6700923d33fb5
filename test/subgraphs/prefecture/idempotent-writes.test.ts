import type { EntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyRecord } from '../../../lib/db/idempotency-record.entity.js';
import { IDEMPOTENCY_RETENTION_MS, purgeExpiredKeys } from '../../../subgraphs/lib/idempotency/retention.js';
import type { Actor } from '../../../schema/contract/hub-credential.js';
import { hubTokenFor, officerOf } from '../../../bench/support/hub-tokens.js';
import {
  startPrefectureHarness,
  type GraphQLResult,
  type PrefectureHarness,
} from '../../../bench/support/prefecture-harness.js';
import { createProject, errorCodes, projectInput } from '../../../bench/support/project-fixtures.js';
import { DIALECTS } from '../../../bench/support/test-databases.js';

const FUND = `mutation($input: RecordFundingInput!) { recordFunding(input: $input) { id amount } }`;
const FUNDS = `query($id: ID!) { project(id: $id) { fundsInPlace fundingRecords { id } history { kind } } }`;
const CODE = '532500';

describe.each(DIALECTS)('idempotency store of prefecture writes on %s', (dialect) => {
  let harness: PrefectureHarness;
  beforeAll(async () => {
    harness = await startPrefectureHarness(dialect, CODE);
  });
  afterAll(() => harness?.close());

  /** Runs a mutation as the gateway sends it: with an idempotency-key header for the field. */
  async function keyed(
    query: string,
    variables: Record<string, unknown>,
    key: string,
    actor: Actor = officerOf(CODE),
  ): Promise<GraphQLResult> {
    const contextValue = await harness.app.contextFor(await hubTokenFor(actor, CODE), key);
    const response = await harness.app.apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    return response.body.singleResult as GraphQLResult;
  }

  const fundInput = (projectId: string, amount: string) => ({ input: { projectId, receivedOn: '2019-02-01', amount } });

  it('writes once for many concurrent first attempts with one key; every one answers that write', async () => {
    const project = await createProject(harness);
    const attempts = Array.from({ length: 6 }, () => keyed(FUND, fundInput(project.id, '1000'), 'race:recordFunding'));
    const answers = await Promise.all(attempts);
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((a) => a.data!.recordFunding.id)).size).toBe(1);
    const detail = (await harness.execute(FUNDS, { id: project.id })).data!.project;
    expect(detail.fundsInPlace).toBe('1000.00');
    expect(detail.fundingRecords).toEqual([{ id: answers[0].data!.recordFunding.id }]);
    expect(detail.history.filter((e: { kind: string }) => e.kind === 'FUNDING_RECORDED')).toHaveLength(1);
  });

  it('refuses a key reused with other arguments or for another mutation, and scopes keys by caller', async () => {
    const project = await createProject(harness);
    expect((await keyed(FUND, fundInput(project.id, '10'), 'k1')).errors).toBeUndefined();
    expect(errorCodes(await keyed(FUND, fundInput(project.id, '11'), 'k1'))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    const raise = `mutation($input: RaiseObstacleInput!) { raiseObstacle(input: $input) { id } }`;
    const obstacle = {
      input: {
        projectId: project.id,
        category: 'FOREST_LAND_QUOTA',
        description: '林地指标不足',
        raisedOn: '2019-02-01',
      },
    };
    expect(errorCodes(await keyed(raise, obstacle, 'k1'))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    const colleague: Actor = { subject: 'colleague', role: 'officer', prefectureCode: CODE };
    expect((await keyed(FUND, fundInput(project.id, '10'), 'k1', colleague)).errors).toBeUndefined();
    expect((await harness.execute(FUNDS, { id: project.id })).data!.project.fundsInPlace).toBe('20.00');
  });

  it('does not keep the key of a refused write: the corrected retry with it writes', async () => {
    const project = await createProject(harness);
    const refused = await keyed(
      FUND,
      { input: { projectId: project.id, receivedOn: '2017-01-01', amount: '5' } },
      'k-refused',
    );
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect((await keyed(FUND, fundInput(project.id, '5'), 'k-refused')).errors).toBeUndefined();
    expect((await harness.execute(FUNDS, { id: project.id })).data!.project.fundsInPlace).toBe('5.00');
  });

  it('answers a createProject retry with the project it created', async () => {
    const create = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id name } }`;
    const input = { input: projectInput(CODE, { name: '幂等创建项目' }) };
    const first = await keyed(create, input, 'create-1');
    const again = await keyed(create, input, 'create-1');
    expect(first.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
  });

  it('purges keys older than the retention and keeps the others', async () => {
    const em = harness.orm.em.fork() as EntityManager;
    const now = new Date();
    const row = (key: string, ageMs: number) => ({
      subject: 'purge-test',
      key,
      operation: 'recordFunding',
      requestHash: '0'.repeat(64),
      outcome: '{}',
      createdAt: new Date(now.getTime() - ageMs),
    });
    await em.insertMany(IdempotencyRecord, [
      row('old', IDEMPOTENCY_RETENTION_MS + 60_000),
      row('fresh', IDEMPOTENCY_RETENTION_MS - 60_000),
    ]);
    expect(await purgeExpiredKeys(em, now)).toBe(1);
    const left = await em.fork().find(IdempotencyRecord, { subject: 'purge-test' });
    expect(left.map((r) => r.key)).toEqual(['fresh']);
  });

  it('refuses a malformed key header', async () => {
    await expect(
      harness.app.contextFor(await hubTokenFor(officerOf(CODE), CODE), 'x'.repeat(501)),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'Idempotency-Key' },
    });
  });
});
