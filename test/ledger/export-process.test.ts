import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { ANALYST, VIEWER } from '../../bench/support/hub-tokens.js';
import { ProjectExportProcesses } from '../../gateway/ledger/export-process.js';
import { downloadExport } from '../../lib/ledger/ledger-client.js';
import { createLogger } from '../../lib/logger.js';
import { ProjectOrder } from '../../schema/contract/project-order.js';
import { untilAllServing } from '../support/gateway-http.js';
import { useProxiedHub } from '../support/proxied-hub.js';
import { exportLink } from './ledger-http.js';

const KUNMING = '530100';
const QUJING = '530300';
/** Three pages (of 100) in each prefecture: an export reads several pages of each. */
const PER_PREFECTURE = 250;
const SECRET_MARKER = 'gateway-signing-key-must-stay-in-the-gateway';

/** The export processes this test process (where the gateway runs) has started and that still run. */
function exportProcesses(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return parent === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('export-process-main');
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a project export in a process of its own', () => {
  const setup = useProxiedHub([KUNMING, QUJING], KUNMING, PER_PREFECTURE);
  const saved = process.env.GATEWAY_SIGNING_KEYS;

  afterEach(() => {
    if (saved === undefined) delete process.env.GATEWAY_SIGNING_KEYS;
    else process.env.GATEWAY_SIGNING_KEYS = saved;
  });

  const startDownload = async (format: 'XLSX' | 'CSV', signal?: AbortSignal) => {
    const { url, errors } = await exportLink(setup.hub, VIEWER, { kind: 'PROJECTS', format, orderBy: 'ID_ASC' });
    expect(errors).toEqual([]);
    const response = await fetch(new URL(url!, setup.hub.gatewayUrl), {
      headers: { authorization: `Bearer ${await setup.hub.tokenFor(VIEWER)}` },
      signal,
    });
    expect(response.status).toBe(200);
    return response;
  };

  it('writes the whole file from a process that holds no key, with its heap capped, and ends', async () => {
    // Were the gateway's environment handed down, its signing key would be in the export's.
    process.env.GATEWAY_SIGNING_KEYS = SECRET_MARKER;
    setup.proxy.mode = 'delay';
    setup.proxy.delayMs = 300;
    const response = await startDownload('XLSX');
    const [pid] = await until('an export process', () => exportProcesses().length > 0 && exportProcesses());
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
    expect(environ.join('\n')).not.toContain(SECRET_MARKER);
    const names = environ.map((entry) => entry.slice(0, entry.indexOf('=')));
    expect(names.filter((name) => !/^(NODE_ENV|LOG_LEVEL|VITEST|NODE_CHANNEL_\w+)$/.test(name))).toEqual([]);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain('--max-old-space-size=128');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    // Two header rows (Chinese, English), then every project of both prefectures.
    expect(sheet.rowCount).toBe(2 + 2 * PER_PREFECTURE);
    await until('the export process to end', () => !existsSync(`/proc/${pid}`));
  });

  it('breaks the download off when a shard answers a page with garbage, and serves the next one whole', async () => {
    // The second page of Kunming (a page asked `after` a cursor) comes back garbled.
    setup.proxy.tamper = ({ query, variables }) =>
      query.includes('projects') && typeof variables?.after === 'string' ? 'garbage' : null;
    const broken = await startDownload('CSV');
    await expect(broken.text()).rejects.toThrow();
    await until('the export process to end', () => exportProcesses().length === 0);

    setup.proxy.tamper = null;
    await untilAllServing(setup.hub);
    const whole = await (await startDownload('CSV')).text();
    // BOM + two header lines + one line per project (no line breaks inside these cells).
    expect(whole.trimEnd().split('\n')).toHaveLength(2 + 2 * PER_PREFECTURE);
  });

  it('leaves no half file behind in the CLI when the download is broken off', async () => {
    setup.proxy.tamper = ({ query, variables }) =>
      query.includes('projects') && typeof variables?.after === 'string' ? 'garbage' : null;
    const path = join(mkdtempSync(join(tmpdir(), 'export-')), '全省.csv');
    const token = await setup.hub.tokenFor(VIEWER);
    await expect(
      downloadExport(setup.hub.gatewayUrl, token, { kind: 'PROJECTS', format: 'CSV', orderBy: 'ID_ASC' }, path),
    ).rejects.toThrow('broken off before the file was whole');
    expect(existsSync(path)).toBe(false);
  });

  it('stops the export process when the client leaves mid-download', async () => {
    setup.proxy.mode = 'delay';
    setup.proxy.delayMs = 1_000;
    const leaving = new AbortController();
    const response = await startDownload('XLSX', leaving.signal);
    const [pid] = await until('an export process', () => exportProcesses().length > 0 && exportProcesses());
    leaving.abort();
    await expect(response.arrayBuffer()).rejects.toThrow();
    // Killed, not left to read the slow shard's remaining pages (about 3 s more) for no one.
    await until('the export process to be stopped', () => !existsSync(`/proc/${pid}`), 2_500);
  });

  it('refuses a second project export of the same caller while the first runs (429), not another caller’s', async () => {
    setup.proxy.mode = 'delay';
    setup.proxy.delayMs = 1_000;
    const first = new AbortController();
    await startDownload('CSV', first.signal);
    await until('an export process', () => exportProcesses().length > 0);
    const { url } = await exportLink(setup.hub, VIEWER, { kind: 'PROJECTS', format: 'CSV', orderBy: 'ID_ASC' });
    const again = await fetch(new URL(url!, setup.hub.gatewayUrl), {
      headers: { authorization: `Bearer ${await setup.hub.tokenFor(VIEWER)}` },
    });
    expect(again.status).toBe(429);
    const refusal = (await again.json()) as { errors: { extensions: { code: string; messageZh: string } }[] };
    expect(refusal.errors[0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
      messageZh: expect.stringContaining('导出'),
    });
    const other = await exportLink(setup.hub, ANALYST, { kind: 'PROJECTS', format: 'CSV', orderBy: 'ID_ASC' });
    const theirs = new AbortController();
    const response = await fetch(new URL(other.url!, setup.hub.gatewayUrl), {
      headers: { authorization: `Bearer ${await setup.hub.tokenFor(ANALYST)}` },
      signal: theirs.signal,
    });
    expect(response.status).toBe(200);
    first.abort();
    theirs.abort();
    await until('the export processes to be stopped', () => exportProcesses().length === 0);
  });
});

describe('an export whose client reads nothing', () => {
  it('is broken off after the stall time, and its process stopped', async () => {
    const exports = new ProjectExportProcesses({
      contractSdl: readFileSync('schema/prefecture.graphql', 'utf8'),
      // No prefecture to read: the file is its header rows alone, which is enough to fill the client.
      shards: () => [],
      credentialFor: () => Promise.reject(new Error('no shard is read')),
      shardTimeoutMs: 5_000,
      limits: { maxInFlight: 1, queueTimeoutMs: 1_000 },
      maxHeapMb: 128,
      concurrency: 1,
      stallMs: 500,
      logger: createLogger('test-export'),
    });
    // A client whose socket is full from its first bytes on and never drains.
    const neverDrains = new Writable({ highWaterMark: 1, write: () => undefined });
    const errors: Error[] = [];
    neverDrains.on('error', (error) => errors.push(error));
    const outcome = exports.run(
      { subject: 'slow-reader', role: 'viewer', requestId: 'stall-test' },
      { kind: 'PROJECTS', format: 'XLSX', filter: null, orderBy: ProjectOrder.ID_ASC },
      [],
      neverDrains,
    );
    await expect(outcome).rejects.toThrow();
    expect(neverDrains.destroyed).toBe(true);
    expect(errors.map((e) => e.message)).toEqual(['the client read nothing for 500 ms']);
    expect(exports.busy('slow-reader')).toBe(false);
    await until('the export process to end', () => exportProcesses().length === 0);
  });
});
