import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ADMIN, officerOf } from '../../bench/support/hub-tokens.js';
import { useProxiedHub } from '../support/proxied-hub.js';
import { ledgerXlsx, validRow } from './ledger-file.js';
import { uploadLedgerFile } from './ledger-http.js';

const KUNMING = '530100';
const officer = officerOf(KUNMING);
/** One full chunk (1000 rows) and a second, short one. */
const ROWS = 1_010;

describe('a stopped import', () => {
  const setup = useProxiedHub([KUNMING], KUNMING, 0);

  const projects = async () => {
    const answer = await setup.hub.query<{ projectStats: { total: number } }>('{ projectStats { total } }', {}, ADMIN);
    return answer.data!.projectStats.total;
  };

  it(
    'reports the rows it could not apply, and the same file committed again applies them once',
    { timeout: 300_000 },
    async () => {
      const bytes = await ledgerXlsx(Array.from({ length: ROWS }, (_, i) => validRow({ ledgerNumber: `RESUME-${i}` })));
      // The second chunk's answer is lost: the gateway cannot tell whether it was applied.
      setup.proxy.tamper = ({ query, variables }) => {
        const rows = (variables?.input as { rows?: { rowNumber: number }[] } | undefined)?.rows;
        return query.includes('importLedgerRows') && rows && rows[0].rowNumber > 1_002 ? 'garbage' : null;
      };
      const stopped = await uploadLedgerFile(setup.hub, officer, bytes, { prefecture: KUNMING, commit: true });
      expect(stopped.status).toBe(503);
      expect(stopped.body.complete).toBe(false);
      expect(stopped.body.problem?.code).toBe('WRITE_OUTCOME_UNKNOWN');
      expect(stopped.body.totals).toMatchObject({ created: 1_000, failed: 10 });
      expect(stopped.body.rows.at(-1)!.errors[0].messageEn).toContain('Import the same file again');
      expect(await projects()).toBe(1_000);

      setup.proxy.tamper = null;
      const resumed = await uploadLedgerFile(setup.hub, officer, bytes, { prefecture: KUNMING, commit: true });
      expect(resumed.status).toBe(200);
      // The first chunk answers its first outcome (the same projects), the second is applied now.
      expect(resumed.body.rows.slice(0, 1_000)).toEqual(stopped.body.rows.slice(0, 1_000));
      expect(resumed.body.totals).toMatchObject({ created: ROWS, failed: 0 });
      expect(resumed.body.rowsCommittedEarlier).toBe(1_000);
      expect(await projects()).toBe(ROWS);

      const again = await uploadLedgerFile(setup.hub, officer, bytes, {
        prefecture: KUNMING,
        commit: true,
        idempotencyKey: randomUUID(),
      });
      expect(again.body.totals).toMatchObject({ unchanged: ROWS, created: 0 });
      expect(await projects()).toBe(ROWS);
    },
  );
});
