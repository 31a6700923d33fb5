import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/knex';
import { startPrefectureHarness, type PrefectureHarness } from '../../../bench/support/prefecture-harness.js';
import { createProject, storedProject } from '../../../bench/support/project-fixtures.js';
import { DIALECTS } from '../../../bench/support/test-databases.js';
import { highestProjectSequence } from '../../../subgraphs/prefecture/services/project-sequence.js';

const CODE = '530800';

/** Id allocation reads one row (the highest sequence of a year), on both databases a shard may run. */
describe.each(DIALECTS)('highestProjectSequence on %s', (dialect) => {
  let harness: PrefectureHarness;
  beforeAll(async () => {
    harness = await startPrefectureHarness(dialect, CODE);
  });
  afterAll(() => harness?.close());

  it('is 0 for a year without projects, then the numerically highest sequence past 9999 (not the highest text)', async () => {
    const em = () => harness.orm.em.fork() as EntityManager;
    expect(await highestProjectSequence(em(), CODE, 2018)).toBe(0);
    const first = await createProject(harness, { cohortYear: 2018 });
    expect(first.id).toBe(`${CODE}-2018-0001`);
    // Ten thousand projects cannot be created quickly: copies of the stored row under the ids
    // that matter (text order puts …-10000 before …-9999), plus another year's.
    const stored = await storedProject(harness, first.id);
    for (const id of [`${CODE}-2018-9999`, `${CODE}-2018-10000`, `${CODE}-2019-0500`]) {
      const row = { ...stored, id };
      const columns = Object.keys(row).map((column) => `"${column}"`);
      await harness.orm.em
        .getConnection()
        .execute(`insert into project (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`, [
          ...Object.values(row),
        ]);
    }
    expect(await highestProjectSequence(em(), CODE, 2018)).toBe(10_000);
    expect(await highestProjectSequence(em(), CODE, 2019)).toBe(500);
    expect((await createProject(harness, { cohortYear: 2018 })).id).toBe(`${CODE}-2018-10001`);
  });
});
