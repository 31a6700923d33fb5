import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { officerOf } from '../../bench/support/hub-tokens.js';
import { runCli } from '../support/run-cli.js';
import { ledgerXlsx, validRow } from './ledger-file.js';

const ledgerCli = (args: string[], env: Record<string, string>) => runCli('scripts/ledger-cli.ts', args, env);

const KUNMING = '530100';

describe('the ledger command line, against a hub', () => {
  let hub: HubHarness;
  let folder: string;
  beforeAll(async () => {
    hub = await startHubHarness({ codes: [KUNMING] });
    folder = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
  });
  afterAll(async () => {
    await hub?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('commits a file, and says that a second commit of it wrote nothing', async () => {
    const file = join(folder, '昆明台账.xlsx');
    writeFileSync(file, await ledgerXlsx([validRow({ ledgerNumber: 'CLI-1' }), validRow({ ledgerNumber: 'CLI-2' })]));
    const env = { GATEWAY_URL: hub.gatewayUrl, HUB_TOKEN: await hub.tokenFor(officerOf(KUNMING)) };
    const args = ['import', file, '--prefecture', KUNMING, '--commit'];

    const first = await ledgerCli(args, env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('committed: 2 rows — 2 create');
    expect(first.stdout).not.toContain('committed before');

    const again = await ledgerCli(args, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('2 of these rows had been committed before from this same file');

    const preview = await ledgerCli(['import', file, '--prefecture', KUNMING], env);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('2 unchanged');
    expect(preview.stdout).not.toContain('committed before');
  });

  it('exports to a file, never leaves a half or a truncated one, and says what is wrong with the place or the hub', async () => {
    const env = { GATEWAY_URL: hub.gatewayUrl, HUB_TOKEN: await hub.tokenFor(officerOf(KUNMING)) };
    const out = join(folder, 'export.xlsx');
    const wrote = await ledgerCli(['export', '--prefecture', KUNMING, '--out', out], env);
    expect(wrote.stderr).toBe('');
    expect(wrote.stdout).toMatch(/^wrote .*export\.xlsx \(\d+ bytes\)/);
    expect(readdirSync(folder).sort()).toEqual(['export.xlsx', '昆明台账.xlsx']);

    // A refused export leaves the file that was there as it was, and no part file.
    writeFileSync(out, 'the earlier export');
    const refused = await ledgerCli(['export', '--filter', '{"noSuchField":1}', '--out', out], env);
    expect(refused.code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('the earlier export');
    expect(readdirSync(folder).sort()).toEqual(['export.xlsx', '昆明台账.xlsx']);

    const nowhere = await ledgerCli(['export', '--out', join(folder, 'no-such-folder', 'x.xlsx')], env);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('there is no folder');

    const down = await ledgerCli(['export', '--out', join(folder, 'y.xlsx')], {
      ...env,
      GATEWAY_URL: 'http://127.0.0.1:9/graphql',
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('the gateway is not reachable at http://127.0.0.1:9/graphql');
    expect(down.stderr).toContain('is the hub running');
    expect(readdirSync(folder).sort()).toEqual(['export.xlsx', '昆明台账.xlsx']);
  });
});
