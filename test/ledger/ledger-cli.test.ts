import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { officerOf } from '../../bench/support/hub-tokens.js';
import { ledgerXlsx, validRow } from './ledger-file.js';

const KUNMING = '530100';

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run ledger -- …args` as a user runs it (the same script, through tsx), against `env`. */
function ledgerCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/ledger-cli.ts', ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('the ledger command line', () => {
  it('prints its usage for --help, and a usage error (exit 2, no stack trace) for an unknown option or command', async () => {
    const help = await ledgerCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('npm run ledger -- import FILE --prefecture CODE');

    const mistakes = [['--bogus'], ['frob'], [], ['import', 'file.xlsx'], ['export']];
    const runs = await Promise.all(mistakes.map((args) => ledgerCli(args)));
    for (const [index, wrong] of runs.entries()) {
      const args = mistakes[index].join(' ');
      expect(wrong.code, args).toBe(2);
      expect(wrong.stderr, args).toContain('usage:');
      expect(wrong.stderr, args).not.toMatch(/\n\s+at /);
    }
    expect(runs[0].stderr).toContain("'--bogus'");
    expect(runs[1].stderr).toContain('unknown command "frob"');
  });

  describe('against a hub', () => {
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
  });
});
