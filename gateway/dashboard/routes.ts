import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { RouteHandler } from '../../lib/http/graphql-http-server.js';
import { ENUM_LABELS } from '../../schema/enum-labels.js';
import { PREFECTURES, PROVINCE } from '../../schema/prefectures.js';
import type { TrustedDocumentManifest } from '../../schema/trusted-documents.js';

/**
 * The provincial dashboard: a static page and its ES modules, served by the gateway process next to
 * /graphql, which is all the page reads (with the viewer's token). ECharts comes from node_modules,
 * so the page works offline and without a build step.
 */

/** Scripts and data from this origin only; no inline script or style, no framing, no other hosts. */
const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PUBLIC = join(dirname(fileURLToPath(import.meta.url)), 'public');
// The "common" build: bar, line, pie, grid, tooltip, legend, aria; a third of the full build's size.
const ECHARTS = join(dirname(createRequire(import.meta.url).resolve('echarts')), 'echarts.common.min.js');

const TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
};
type Source = { type: keyof typeof TYPES; load: () => Promise<Buffer> };
const file =
  (path: string): (() => Promise<Buffer>) =>
  () =>
    readFile(path);
const page: Source = { type: 'html', load: file(join(PUBLIC, 'index.html')) };

const SOURCES: Record<string, Source> = {
  '/dashboard': page,
  '/dashboard/': page,
  '/dashboard/vendor/echarts.min.js': { type: 'js', load: file(ECHARTS) },
  // Names of the prefectures for the missing-data notice, from the same table the hub uses.
  '/dashboard/prefectures.json': {
    type: 'json',
    load: () => Promise.resolve(Buffer.from(JSON.stringify({ province: PROVINCE, prefectures: PREFECTURES }))),
  },
  // [zh, en] of every enumeration value, from the one table the ledger template and exports use.
  '/dashboard/enum-labels.json': {
    type: 'json',
    load: () => Promise.resolve(Buffer.from(JSON.stringify(ENUM_LABELS))),
  },
};
for (const name of [
  'dashboard.css',
  'favicon.svg',
  'app.js',
  'api.js',
  'state.js',
  'cards.js',
  'charts.js',
  'format.js',
  'i18n.js',
  'industries.js',
  'counties.js',
  'live.js',
  'prefecture-grid.js',
  'project-detail.js',
  'projects.js',
  'stalled.js',
  'export.js',
  'ledger-import.js',
]) {
  SOURCES[`/dashboard/${name}`] = {
    type: name.slice(name.lastIndexOf('.') + 1) as Source['type'],
    load: file(join(PUBLIC, name)),
  };
}

interface Asset {
  readonly type: string;
  readonly etag: string;
  readonly identity: Buffer;
  readonly br: Buffer;
  readonly gzip: Buffer;
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

async function build(source: Source): Promise<Asset> {
  const identity = await source.load();
  const [br, gz] = await Promise.all([
    // Quality 6: within a few percent of the best, ~50 ms for ECharts instead of ~2.5 s.
    brotli(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 6, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
    gzipped(identity, { level: 6 }),
  ]);
  const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`;
  return { type: TYPES[source.type], etag, identity, br, gzip: gz };
}

/**
 * The manifest turned around, document text → SHA-256 hex: api.js sends the hash of a document it
 * finds here instead of its text. Only operations the page and the workers ship; nothing secret.
 */
function trustedDocumentHashes(manifest: TrustedDocumentManifest): Source {
  const hashes = Object.fromEntries(Object.entries(manifest).map(([id, text]) => [text, id.slice('sha256:'.length)]));
  return { type: 'json', load: () => Promise.resolve(Buffer.from(JSON.stringify(hashes))) };
}

/** GET routes of the dashboard, for the `routes` of the gateway's HTTP front. */
export function dashboardRoutes(trustedDocuments: TrustedDocumentManifest): Record<string, RouteHandler> {
  const sources: Record<string, Source> = {
    ...SOURCES,
    '/dashboard/trusted-documents.json': trustedDocumentHashes(trustedDocuments),
  };
  // Read and compressed once per process, on first request: nothing is read when nobody looks.
  const assets = new Map<string, Promise<Asset>>();
  const assetOf = (path: string): Promise<Asset> => {
    let asset = assets.get(path);
    if (!asset) {
      asset = build(sources[path]);
      asset.catch(() => assets.delete(path));
      assets.set(path, asset);
    }
    return asset;
  };
  return Object.fromEntries(
    Object.keys(sources).map((path) => [
      path,
      async (req: IncomingMessage, res: ServerResponse) => send(req, res, await assetOf(path)),
    ]),
  );
}

function send(req: IncomingMessage, res: ServerResponse, asset: Asset): void {
  const headers: Record<string, string> = {
    'content-type': asset.type,
    etag: asset.etag,
    // Always revalidate (cheap 304s): a new release is seen at once, without versioned file names.
    'cache-control': 'no-cache',
    // Keeps what the HTTP front already varies on (e.g. origin, for CORS).
    vary: [res.getHeader('vary'), 'accept-encoding'].filter(Boolean).join(', '),
    'content-security-policy': DASHBOARD_CSP,
    'x-content-type-options': 'nosniff',
    // The page accepts ?token= once; it must never travel on in a Referer.
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const offers: [string, Buffer][] = [
    ['br', asset.br],
    ['gzip', asset.gzip],
  ];
  const [encoding, body] = offers.find(
    ([name, bytes]) => new RegExp(`\\b${name}\\b`).test(accepted) && bytes.length < asset.identity.length,
  ) ?? [null, asset.identity];
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.length);
  res.writeHead(200, headers);
  res.end(body);
}
