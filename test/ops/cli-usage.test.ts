import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

/** Each command-line tool, a line of its usage, and what an unknown command is called there. */
const TOOLS = [
  { script: 'scripts/ledger-cli.ts', usageLine: 'npm run ledger -- import FILE --prefecture CODE' },
  { script: 'workers/cli/metrics-cli.ts', usageLine: 'npm run metrics -- run [--as-of YYYY-MM-DD]' },
];

describe.each(TOOLS)('$script on a wrong command line', ({ script, usageLine }) => {
  it('prints its usage for --help and -h (exit 0)', async () => {
    for (const flag of ['--help', '-h']) {
      const help = await runCli(script, [flag]);
      expect(help.code, flag).toBe(0);
      expect(help.stdout, flag).toContain(usageLine);
    }
  });

  it('answers an unknown option, an unknown command or none with what is wrong and the usage: exit 2, no stack trace', async () => {
    const mistakes = [['--bogus'], ['frob'], []];
    const runs = await Promise.all(mistakes.map((args) => runCli(script, args)));
    for (const [index, wrong] of runs.entries()) {
      const args = mistakes[index].join(' ') || '(nothing)';
      expect(wrong.code, args).toBe(2);
      expect(wrong.stderr, args).toContain(usageLine);
      expect(wrong.stderr, args).not.toMatch(/\n\s+at /);
    }
    expect(runs[0].stderr).toContain("'--bogus'");
    expect(runs[1].stderr).toContain('unknown command "frob"');
    expect(runs[2].stderr).toContain('no command given');
  });
});

describe('tool-specific mistakes', () => {
  it('refuses what a tool cannot do with exit 2 before reaching any hub', async () => {
    const cases = [
      {
        script: 'scripts/ledger-cli.ts',
        args: ['import', 'file.xlsx'],
        says: 'import needs a FILE and --prefecture CODE',
      },
      { script: 'scripts/ledger-cli.ts', args: ['export'], says: 'export needs --out FILE' },
      {
        script: 'scripts/ledger-cli.ts',
        args: ['import', 'no-such.xlsx', '--prefecture', '530100'],
        says: 'cannot read no-such.xlsx: no such file',
      },
      {
        script: 'scripts/ledger-cli.ts',
        args: ['import', 'test', '--prefecture', '530100'],
        says: 'cannot read test: it is a folder',
      },
      {
        script: 'scripts/ledger-cli.ts',
        args: ['import', 'package.json', '--prefecture', '999999'],
        says: '--prefecture 999999 is not one of',
      },
      {
        script: 'scripts/ledger-cli.ts',
        args: ['export', '--kind', 'BOGUS', '--out', 'x.xlsx'],
        says: '--kind must be one of PROJECTS, STALLED, METRICS (got "BOGUS")',
      },
      {
        script: 'scripts/ledger-cli.ts',
        args: ['export', '--format', 'xls', '--out', 'x.xlsx'],
        says: '--format must be one of XLSX, CSV (got "XLS")',
      },
      {
        script: 'scripts/ledger-cli.ts',
        args: ['export', '--filter', 'not json', '--out', 'x.xlsx'],
        says: '--filter must be a JSON object',
      },
      {
        script: 'scripts/ledger-cli.ts',
        args: ['export', '--order', 'SIDEWAYS', '--out', 'x.xlsx'],
        says: '--order must be one of',
      },
      { script: 'scripts/ledger-cli.ts', args: ['export', '--out', 'test'], says: '--out test is a folder' },
      { script: 'workers/cli/metrics-cli.ts', args: ['schedule', '--pause', '--resume'], says: 'exclude each other' },
      { script: 'workers/cli/metrics-cli.ts', args: ['run', '--as-of', '2026-13-45'], says: '--as-of must be a date' },
      {
        script: 'scripts/ledger-cli.ts',
        args: ['export', '--kind', 'STALLED', '--as-of', '2026-13-45', '--out', 'x.xlsx'],
        says: '--as-of must be a date',
      },
      {
        script: 'scripts/ledger-cli.ts',
        args: ['export', '--out', '/no-such-folder/x.xlsx'],
        says: 'there is no folder /no-such-folder',
      },
      {
        script: 'workers/cli/metrics-cli.ts',
        args: ['run', '2026-10-31'],
        says: 'unexpected argument "2026-10-31" after "run" (a date? --as-of 2026-10-31)',
      },
      {
        script: 'scripts/ledger-cli.ts',
        args: ['import', 'a.xlsx', 'b.xlsx', '--prefecture', '530100'],
        says: 'unexpected argument "b.xlsx" after "import"',
      },
      {
        script: 'workers/cli/metrics-cli.ts',
        args: ['run', '--prefectures', ','],
        says: '--prefectures names no prefecture',
      },
      {
        script: 'workers/cli/metrics-cli.ts',
        args: ['run', '--prefectures', '530100,999999'],
        says: '999999 is not a prefecture code',
      },
      {
        script: 'workers/cli/metrics-cli.ts',
        args: ['schedule', '--timezone', 'Mars/Base'],
        says: '--timezone goes with --pattern',
      },
    ];
    // Nothing listens here: a tool that tried to reach a hub would fail another way (exit 1).
    // The files named are the checkout's own (a folder, a file), read from the project's root.
    const env = { GATEWAY_URL: 'http://127.0.0.1:9/graphql', HUB_TOKEN: 'unused' };
    const runs = await Promise.all(cases.map((c) => runCli(c.script, c.args, env)));
    for (const [index, run] of runs.entries()) {
      expect(run.code, cases[index].args.join(' ')).toBe(2);
      expect(run.stderr, cases[index].args.join(' ')).toContain(cases[index].says);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
