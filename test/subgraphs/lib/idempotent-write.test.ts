import type { EntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIdempotent, type IdempotentWrite } from '../../../subgraphs/lib/idempotency/idempotent-write.js';
import { IdempotencyRecord } from '../../../lib/db/idempotency-record.entity.js';
import { startPrefectureHarness, type PrefectureHarness } from '../../../bench/support/prefecture-harness.js';
import { DIALECTS } from '../../../bench/support/test-databases.js';

describe.each(DIALECTS)('runIdempotent on %s', (dialect) => {
  let harness: PrefectureHarness;
  beforeAll(async () => {
    harness = await startPrefectureHarness(dialect, '530700');
  });
  afterAll(() => harness?.close());

  const fork = () => harness.orm.em.fork() as EntityManager;
  const write = (key: string): IdempotentWrite<string> => ({
    scope: { subject: 'race-test', key },
    operation: 'label',
    args: { same: true },
    save: (label) => label,
    replay: (_em, saved) => Promise.resolve(String(saved)),
  });

  it('ends two overlapping first attempts with one outcome: the later committer answers the winner’s', async () => {
    let releaseA!: () => void;
    const gate = new Promise<void>((resolve) => (releaseA = resolve));
    let aLookedUp!: () => void;
    const aInside = new Promise<void>((resolve) => (aLookedUp = resolve));
    // A has looked the key up (not there) and holds its transaction open until released.
    const a = runIdempotent(fork(), write('overlap'), async () => {
      aLookedUp();
      await gate;
      return 'A';
    });
    await aInside;
    const b = runIdempotent(fork(), write('overlap'), () => Promise.resolve('B'));
    // PostgreSQL lets B commit meanwhile (were B blocked by A, the test would fail by its timeout);
    // SQLite has one writer, so B waits for A, and A is let go at once.
    if (dialect === 'postgresql') await b;
    releaseA();
    const [answerA, answerB] = await Promise.all([a, b]);
    const stored = await fork().findOneOrFail(IdempotencyRecord, { subject: 'race-test', key: 'overlap' });
    expect(answerA).toBe(answerB);
    expect(JSON.parse(stored.outcome)).toBe(answerA);
    if (dialect === 'postgresql') {
      // A did its work, but lost the key to B: rolled back, it answers B's outcome.
      expect(answerA).toBe('B');
    } else {
      expect(answerA).toBe('A');
    }
  });

  it('runs a write without a key every time', async () => {
    const unkeyed = { ...write('unused'), scope: null };
    let runs = 0;
    await runIdempotent(fork(), unkeyed, () => Promise.resolve(`run ${++runs}`));
    await runIdempotent(fork(), unkeyed, () => Promise.resolve(`run ${++runs}`));
    expect(runs).toBe(2);
    expect(await fork().count(IdempotencyRecord, { key: 'unused' })).toBe(0);
  });
});
