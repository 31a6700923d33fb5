import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The folders `npm run check:boundaries` cruises. */
const CHECKED_FOLDERS = ['lib', 'schema', 'gateway', 'subgraphs', 'workers', 'scripts', 'bench', 'test'];

/**
 * A scratch tree: each file imports one other, and its name says whether the rules allow that.
 * `allowed/` pairs are the layering working as meant; every other pair breaks exactly one rule.
 */
const SCRATCH_IMPORTS: Readonly<Record<string, string>> = {
  // Allowed: processes use lib/ and schema/, subgraphs share subgraphs/lib/, tests use bench support.
  'workers/allowed.ts': '../lib/allowed',
  'subgraphs/province/allowed.ts': '../lib/allowed',
  'subgraphs/prefecture/allowed.ts': '../lib/allowed',
  'subgraphs/lib/allowed.ts': '../../lib/allowed',
  'gateway/allowed.ts': '../schema/allowed',
  'lib/allowed.ts': '../schema/allowed',
  'test/allowed.ts': '../bench/support/allowed',
  'bench/support/allowed.ts': '../../gateway/allowed',
  // Violations.
  'subgraphs/province/uses-workers.ts': '../../workers/metrics/internal',
  'workers/uses-subgraphs.ts': '../subgraphs/province/store',
  'workers/uses-gateway.ts': '../gateway/auth',
  'subgraphs/prefecture/uses-province.ts': '../province/store',
  'lib/uses-gateway.ts': '../gateway/auth',
  'bench/uses-test.ts': '../test/support',
  'workers/uses-test.ts': '../test/support',
};
const LEAVES = [
  'schema/allowed.ts',
  'workers/metrics/internal.ts',
  'subgraphs/province/store.ts',
  'gateway/auth.ts',
  'test/support.ts',
];

const EXPECTED_VIOLATIONS = [
  { rule: 'subgraphs-stays-apart', from: 'subgraphs/province/uses-workers.ts', to: 'workers/metrics/internal.ts' },
  { rule: 'workers-stays-apart', from: 'workers/uses-subgraphs.ts', to: 'subgraphs/province/store.ts' },
  { rule: 'workers-stays-apart', from: 'workers/uses-gateway.ts', to: 'gateway/auth.ts' },
  {
    rule: 'prefecture-and-province-apart',
    from: 'subgraphs/prefecture/uses-province.ts',
    to: 'subgraphs/province/store.ts',
  },
  { rule: 'foundations-import-no-process', from: 'lib/uses-gateway.ts', to: 'gateway/auth.ts' },
  { rule: 'only-tests-import-tests', from: 'bench/uses-test.ts', to: 'test/support.ts' },
  { rule: 'only-tests-import-tests', from: 'workers/uses-test.ts', to: 'test/support.ts' },
];

async function boundaryOptions(baseDir: string): Promise<ICruiseOptions> {
  const options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'));
  return { ...options, baseDir, validate: true };
}

async function violationsIn(baseDir: string, folders: string[], tsConfigPath?: string): Promise<IViolation[]> {
  const transpile = tsConfigPath ? { tsConfig: extractTSConfig(tsConfigPath) } : undefined;
  const result = await cruise(folders, await boundaryOptions(baseDir), undefined, transpile);
  if (typeof result.output === 'string') throw new Error('dependency-cruiser answered text, not a cruise result');
  return result.output.summary.violations;
}

function brief(violations: IViolation[]) {
  return violations.map(({ rule, from, to }) => ({ rule: rule.name, from, to }));
}

describe('module boundaries (.dependency-cruiser.cjs)', () => {
  let scratch = '';

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'boundaries-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    };
    for (const [file, target] of Object.entries(SCRATCH_IMPORTS)) {
      write(file, `import { value } from '${target}';\nexport const used = value;\n`);
    }
    for (const leaf of LEAVES) write(leaf, 'export const value = 1;\n');
  });

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('catches each deliberate violation of a scratch tree, and only those', async () => {
    const folders = ['gateway', 'subgraphs', 'workers', 'lib', 'schema', 'test', 'bench'];
    const found = brief(await violationsIn(scratch, folders));
    expect(found).toEqual(expect.arrayContaining(EXPECTED_VIOLATIONS));
    expect(found).toHaveLength(EXPECTED_VIOLATIONS.length);
  });

  it('finds no violation in the real tree', async () => {
    const found = brief(await violationsIn(ROOT, CHECKED_FOLDERS, join(ROOT, 'tsconfig.json')));
    expect(found).toEqual([]);
  }, 60_000);
});
