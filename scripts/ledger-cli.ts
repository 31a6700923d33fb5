/**
 * Prefecture ledgers (招商引资项目台账) in and out, through the gateway:
 *   npm run ledger -- template [--out 台账模板.xlsx]
 *   npm run ledger -- import FILE --prefecture 530100 [--commit]
 *   npm run ledger -- export [--kind PROJECTS|STALLED|METRICS] [--format XLSX|CSV] [--prefecture 530100]
 *                            [--filter JSON] [--order SIGNED_ON_DESC] [--as-of YYYY-MM-DD] [--cohort JSON] --out FILE
 * GATEWAY_URL (default: the gateway `npm start` last started, from data/hub-url.json) and HUB_TOKEN
 * say where and who; on a one-machine install, without HUB_TOKEN, an officer token of --prefecture
 * (import) or a viewer token (export) is minted from data/dev-secrets.json.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { dateOptionProblem, extraArgumentsProblem, readCommandLine, usageError } from '../lib/cli/command-line.js';
import { mintUserToken } from '../lib/auth/mint-user-token.js';
import { DEV_TOKEN_AUDIENCE, DEV_TOKEN_ISSUER, loadOrCreateDevSecrets } from '../lib/auth/dev-secrets.js';
import { devGatewayUrl } from '../lib/one-machine/hub-url.js';
import { downloadExport, uploadLedger, type ExportInput } from '../lib/ledger/ledger-client.js';
import type { LedgerPreview } from '../lib/ledger/ledger-preview.js';
import { buildLedgerTemplate } from '../lib/ledger/ledger-template.js';
import type { Role } from '../schema/contract/hub-credential.js';
import { ProjectOrder } from '../schema/contract/project-order.js';
import { isPrefectureCode } from '../schema/prefectures.js';

const USAGE = `usage:
  npm run ledger -- template [--out FILE]
  npm run ledger -- import FILE --prefecture CODE [--commit] [--all-rows]
  npm run ledger -- export [--kind PROJECTS|STALLED|METRICS] [--format XLSX|CSV] [--prefecture CODE]
                           [--filter JSON] [--order ORDER] [--as-of DATE] [--cohort JSON] --out FILE`;

async function main(): Promise<void> {
  const commandLine = readCommandLine(
    {
      out: { type: 'string' },
      prefecture: { type: 'string' },
      commit: { type: 'boolean', default: false },
      kind: { type: 'string', default: 'PROJECTS' },
      format: { type: 'string' },
      filter: { type: 'string' },
      order: { type: 'string' },
      'as-of': { type: 'string' },
      cohort: { type: 'string' },
      'all-rows': { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (!commandLine) return;
  const { positionals, values } = commandLine;
  const [command, file] = positionals;
  const extra = ['template', 'import', 'export'].includes(command)
    ? extraArgumentsProblem(positionals, command === 'import' ? 1 : 0)
    : null;
  if (extra) return usageError(extra, USAGE);
  const gatewayUrl = process.env.GATEWAY_URL || devGatewayUrl();
  switch (command) {
    case 'template': {
      const out = values.out ?? '台账模板.xlsx';
      writeFileSync(out, Buffer.from(await buildLedgerTemplate().xlsx.writeBuffer()));
      console.log(`wrote ${out}`);
      return;
    }
    case 'import': {
      if (!file || !values.prefecture) return usageError('import needs a FILE and --prefecture CODE', USAGE);
      const problem = prefectureProblem(values.prefecture);
      if (problem) return usageError(problem, USAGE);
      const bytes = readInput(file);
      if (typeof bytes === 'string') return usageError(bytes, USAGE);
      const token = process.env.HUB_TOKEN ?? (await devToken('officer', values.prefecture));
      const bar = new cliProgress.SingleBar(
        { format: '{bar} {value}/{total} rows' },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      const answer = await uploadLedger({
        gatewayUrl,
        token,
        bytes,
        fileName: basename(file),
        prefecture: values.prefecture,
        commit: values.commit,
        onProgress: (done, total) => {
          if (!started) bar.start(total, 0);
          started = true;
          bar.update(done);
        },
      });
      if (started) bar.stop();
      if ('errors' in answer)
        throw new Error(
          answer.errors
            .map((e) => {
              const zh = e.extensions?.messageZh ? `\n  ${e.extensions.messageZh}` : '';
              return `${e.extensions?.code ?? 'ERROR'}: ${e.message}${zh}`;
            })
            .join('\n'),
        );
      printPreview(answer.preview, values['all-rows']);
      const { complete, totals, auditRecorded } = answer.preview;
      process.exitCode = complete && totals.failed === 0 && auditRecorded !== false ? 0 : 1;
      return;
    }
    case 'export': {
      if (!values.out) return usageError('export needs --out FILE', USAGE);
      const format = (values.format ?? (values.out.toLowerCase().endsWith('.csv') ? 'CSV' : 'XLSX')).toUpperCase();
      const problem =
        oneOf('--kind', values.kind, EXPORT_KINDS) ??
        oneOf('--format', format, EXPORT_FORMATS) ??
        (values.order === undefined ? null : oneOf('--order', values.order, Object.values(ProjectOrder))) ??
        (values.prefecture === undefined ? null : prefectureProblem(values.prefecture)) ??
        jsonObjectProblem('--filter', values.filter) ??
        jsonObjectProblem('--cohort', values.cohort);
      if (problem) return usageError(problem, USAGE);
      if (existsSync(values.out) && statSync(values.out).isDirectory())
        return usageError(`--out ${values.out} is a folder; name the file to write`, USAGE);
      if (!existsSync(dirname(resolve(values.out))))
        return usageError(`--out ${values.out}: there is no folder ${dirname(resolve(values.out))}`, USAGE);
      const badDate = dateOptionProblem('--as-of', values['as-of']);
      if (badDate) return usageError(badDate, USAGE);
      const token = process.env.HUB_TOKEN ?? (await devToken('viewer'));
      const input: ExportInput = {
        kind: values.kind as ExportInput['kind'],
        format: format as ExportInput['format'],
        prefecture: values.prefecture,
        filter: values.filter,
        orderBy: values.order,
        asOf: values['as-of'],
        cohort: values.cohort,
      };
      const bytes = await downloadExport(gatewayUrl, token, input, values.out);
      console.log(`wrote ${values.out} (${bytes} bytes)`);
      return;
    }
    default:
      return usageError(command ? `unknown command "${command}"` : 'no command given', USAGE);
  }
}

const EXPORT_KINDS: readonly ExportInput['kind'][] = ['PROJECTS', 'STALLED', 'METRICS'];
const EXPORT_FORMATS: readonly NonNullable<ExportInput['format']>[] = ['XLSX', 'CSV'];

function oneOf(option: string, value: string, allowed: readonly string[]): string | null {
  return allowed.includes(value) ? null : `${option} must be one of ${allowed.join(', ')} (got "${value}")`;
}

function prefectureProblem(code: string): string | null {
  return isPrefectureCode(code)
    ? null
    : `--prefecture ${code} is not one of Yunnan's 16 prefecture codes (530100 Kunming … 533400 Diqing)`;
}

function jsonObjectProblem(option: string, text: string | undefined): string | null {
  if (text === undefined) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return null;
  } catch {
    // said below
  }
  return `${option} must be a JSON object, e.g. ${option} '{"cohortYears":[2018]}' (got ${text})`;
}

/** The file to import, or what keeps it from being read. */
function readInput(file: string): Buffer | string {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    return `cannot read ${file}: ${reason}`;
  }
}

/** The preview as a table: every row with an error or a change (all rows with --all-rows), then the totals. */
function printPreview(preview: LedgerPreview, allRows: boolean): void {
  if (preview.fileErrors.length) {
    for (const error of preview.fileErrors)
      console.log(`row ${error.rowNumber}: ${error.code} ${error.messageZh}\n  ${error.messageEn}`);
    console.log('the file was refused as a whole: nothing was read or written');
    return;
  }
  const shown = preview.rows.filter((r) => allRows || r.action !== 'UNCHANGED');
  for (const row of shown) {
    const who = [row.ledgerNumber, row.name].filter(Boolean).join(' ');
    console.log(`${String(row.rowNumber).padStart(6)}  ${row.action.padEnd(9)}  ${row.projectId ?? ''}  ${who}`);
    for (const e of row.errors) {
      console.log(`${' '.repeat(8)}[${e.column ?? '—'}] ${e.code}: ${e.messageZh} / ${e.messageEn}`);
    }
  }
  const t = preview.totals;
  const earlier = preview.rowsCommittedEarlier;
  const mode = preview.dryRun
    ? 'preview (nothing written; add --commit to apply)'
    : earlier > 0
      ? `committed earlier (${earlier} of these rows had been committed before from this same file: ` +
        'their verdicts are that commit’s, and nothing of them was written now; ' +
        'run without --commit to see how the file compares with the projects today)'
      : 'committed';
  console.log(
    `${mode}: ${t.rows} rows — ${t.created} create, ${t.updated} update, ${t.unchanged} unchanged, ${t.failed} error`,
  );
  if (preview.problem) console.log(`incomplete: ${preview.problem.code} ${preview.problem.message}`);
  if (preview.auditRecorded === false)
    console.log(
      'audit entry missing: the rows are written, but the province did not record the import; ' +
        'run the same command again (nothing is written twice) to record it',
    );
}

async function devToken(role: Role, prefectureCode?: string): Promise<string> {
  const { userTokenSecret } = loadOrCreateDevSecrets();
  const subject = prefectureCode ? `officer-${prefectureCode}` : `${role}-ledger-cli`;
  return mintUserToken(
    { subject, role, prefectureCode },
    { secret: userTokenSecret, issuer: DEV_TOKEN_ISSUER, audience: DEV_TOKEN_AUDIENCE },
    '1h',
  );
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
