import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { Kind, parse, type EnumTypeDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dashboardRoutes } from '../../gateway/dashboard/routes.js';
import { writeExport } from '../../gateway/ledger/ledger-exports.js';
import { LEDGER_COLUMNS, enumLabelOf, enumValueOf } from '../../lib/ledger/ledger-columns.js';
import { buildLedgerTemplate } from '../../lib/ledger/ledger-template.js';
import { LANDING_DEFINITIONS } from '../../lib/metrics-rules/landing-definition.js';
import { StallRule, type StallSeverity } from '../../lib/metrics-rules/stall-flag.js';
import { ENUM_LABELS, type LabelledEnum, type LabelPair } from '../../schema/enum-labels.js';
import { readXlsx } from './ledger-file.js';

/**
 * The labels of enumeration values: one table (schema/enum-labels.json) for the dashboard, the
 * ledger template and reader, and the exports. The dashboard here is its real i18n.js, loaded as
 * the browser loads it, with the table from the gateway's own dashboard route.
 */

const PUBLIC = 'gateway/dashboard/public';
const pairsOf = (enumName: LabelledEnum) => ENUM_LABELS[enumName] as Readonly<Record<string, LabelPair>>;
const ENUM_NAMES = Object.keys(ENUM_LABELS) as LabelledEnum[];

/** Every enum of the public API, name → values (the contract the labels are of). */
const apiEnums = new Map(
  parse(readFileSync('schema/api.graphql', 'utf8'))
    .definitions.filter((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION)
    .map((d) => [d.name.value, (d.values ?? []).map((v) => v.name.value)]),
);
/** Values the API sends as String fields, from the code that produces them. */
const STRING_ENUMS: Partial<Record<LabelledEnum, readonly string[]>> = {
  StallRule: Object.values(StallRule),
  StallSeverity: ['RED', 'YELLOW'] satisfies StallSeverity[],
  LandingDefinition: LANDING_DEFINITIONS,
};

/** The dashboard's i18n.js module, as the page has it. */
interface DashboardI18n {
  label(enumName: string, value: unknown): string;
  setLanguage(lang: 'zh' | 'en'): void;
}

let gateway: Server;
let i18n: DashboardI18n;

beforeAll(async () => {
  // The dashboard's routes on a real HTTP server: i18n.js fetches the table as in the browser.
  const routes = dashboardRoutes({});
  gateway = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (route) void route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  const fetched: string[] = [];
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (path: string) => {
    fetched.push(path);
    return realFetch(new URL(path, origin));
  });
  vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined });
  vi.stubGlobal('document', { documentElement: {} });
  const modulePath = `../../${PUBLIC}/i18n.js`;
  i18n = (await import(modulePath)) as DashboardI18n;
  expect(fetched).toEqual(['/dashboard/enum-labels.json']);
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await new Promise((resolve) => gateway?.close(resolve));
});

describe('the one table of enumeration labels', () => {
  it('labels every value of each enumeration once, with a Chinese and an English label, and no value of another', () => {
    for (const enumName of ENUM_NAMES) {
      const values = apiEnums.get(enumName) ?? STRING_ENUMS[enumName];
      expect(values, `${enumName} is neither an API enum nor a known string enumeration`).toBeDefined();
      const pairs = pairsOf(enumName);
      expect(Object.keys(pairs).sort(), enumName).toEqual([...values!].sort());
      for (const [value, pair] of Object.entries(pairs)) {
        expect(pair, `${enumName}.${value}`).toHaveLength(2);
        for (const text of pair) expect(text.trim(), `${enumName}.${value}`).toBe(text);
        expect(
          pair.every((text) => text.length > 0),
          `${enumName}.${value}`,
        ).toBe(true);
      }
      // One label names one value: a sheet's Chinese label reads back as exactly one value.
      for (const language of [0, 1]) {
        const labels = Object.values(pairs).map((pair) => pair[language]);
        expect(new Set(labels).size, `${enumName}: a label used twice`).toBe(labels.length);
      }
    }
  });

  it('holds every enumeration the dashboard shows, and the dashboard keeps no labels of its own', () => {
    const sources = readdirSync(PUBLIC)
      .filter((name) => name.endsWith('.js'))
      .map((name) => readFileSync(`${PUBLIC}/${name}`, 'utf8'));
    const named = new Set(sources.flatMap((source) => [...source.matchAll(/\blabel\('(\w+)'/g)].map((m) => m[1])));
    const evidence = /const EVIDENCE_ENUMS = \{([^}]*)\}/.exec(sources.join('\n'))?.[1] ?? '';
    for (const [, enumName] of evidence.matchAll(/'(\w+)'/g)) named.add(enumName);
    expect(named.size).toBeGreaterThan(10);
    for (const enumName of named) expect(ENUM_NAMES, `label('${enumName}', …)`).toContain(enumName);
    // No file of the page spells a label of a stall rule or severity itself.
    for (const enumName of ['StallRule', 'StallSeverity'] as const) {
      for (const [zh] of Object.values(pairsOf(enumName))) {
        for (const source of sources) expect(source).not.toContain(`'${zh}'`);
      }
    }
  });

  it('is what the dashboard shows, in Chinese and in English', () => {
    for (const [language, index] of [
      ['zh', 0],
      ['en', 1],
    ] as const) {
      i18n.setLanguage(language);
      for (const enumName of ENUM_NAMES) {
        for (const [value, pair] of Object.entries(pairsOf(enumName))) {
          expect(i18n.label(enumName, value), `${language} ${enumName}.${value}`).toBe(pair[index]);
        }
      }
    }
    i18n.setLanguage('zh');
    // Anything the table does not name shows as sent.
    expect(i18n.label('StallRule', 'NEW_RULE')).toBe('NEW_RULE');
    expect(i18n.label('StallRule', 'constructor')).toBe('constructor');
  });
});

describe('the ledger files name values as the dashboard does', () => {
  it('offers the table’s Chinese labels in the template’s drop-downs and notes, and reads each back', async () => {
    const bytes = Buffer.from(await buildLedgerTemplate().xlsx.writeBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const lists = workbook.getWorksheet('选项')!;
    const notes = workbook.getWorksheet('填表说明 Notes')!;
    const enumColumns = LEDGER_COLUMNS.filter((c) => c.type === 'enum');
    expect(enumColumns.map((c) => c.field)).toEqual(['stage', 'eventKind', 'signingLevel', 'agreementType']);
    const enumOf = {
      stage: 'ProjectStage',
      eventKind: 'EventKind',
      signingLevel: 'SigningLevel',
      agreementType: 'AgreementType',
    } as const;
    for (const column of enumColumns) {
      const enumName = enumOf[column.field as keyof typeof enumOf];
      const pairs = Object.entries(pairsOf(enumName));
      const listColumn = [...Array(lists.columnCount).keys()]
        .map((i) => lists.getColumn(i + 1))
        .find((c) => c.values[1] === column.headerZh)!;
      expect(listColumn.values.slice(2), column.headerZh).toEqual(pairs.map(([, [zh]]) => zh));
      const noteRow = notes.getRows(2, notes.rowCount)!.find((r) => r.getCell(1).value === column.headerZh)!;
      expect(noteRow.getCell(7).value).toBe(pairs.map(([value, [zh]]) => `${zh} = ${value}`).join('；'));
      for (const [value, [zh]] of pairs) {
        expect(enumLabelOf(column, value)).toBe(i18n.label(enumName, value));
        expect(enumValueOf(column, zh)).toBe(value);
        expect(enumValueOf(column, value)).toBe(value);
      }
    }
  });

  it('still reads every label a template has offered (old files keep importing when a label changes)', () => {
    // The drop-downs' labels as officers have filled them in. When the table changes one, the old
    // one must stay readable: accept it in enumValueOf (lib/ledger/ledger-columns.ts) as well.
    const written: Record<string, Record<string, string>> = {
      stage: {
        在谈: 'NEGOTIATING',
        签约: 'SIGNED',
        筹建: 'PREPARING',
        开工在建: 'UNDER_CONSTRUCTION',
        部分投产: 'PARTIALLY_PRODUCING',
        竣工投产: 'OPERATING',
        达产: 'AT_CAPACITY',
        终止: 'TERMINATED',
      },
      eventKind: {
        南博会: 'SOUTH_ASIA_EXPO',
        洽商会: 'INVESTMENT_FAIR',
        省领导率团: 'LEADER_DELEGATION',
        其他: 'OTHER',
      },
      signingLevel: {
        省级重大招商活动签约项目: 'PROVINCIAL_MAJOR_EVENT',
        省级重大招商引资项目: 'PROVINCIAL_MAJOR_PROJECT',
        州市级: 'PREFECTURE',
      },
      agreementType: { 框架协议: 'FRAMEWORK', 正式合同: 'FORMAL' },
    };
    for (const [field, labels] of Object.entries(written)) {
      const column = LEDGER_COLUMNS.find((c) => c.field === field)!;
      for (const [zh, value] of Object.entries(labels)) expect(enumValueOf(column, zh), `${field} ${zh}`).toBe(value);
    }
  });

  it('exports the stalled list with each rule, severity and stage as the dashboard shows it', async () => {
    const stages = Object.keys(pairsOf('ProjectStage'));
    const items = Object.values(StallRule).flatMap((rule, r) =>
      (['RED', 'YELLOW'] as const).map((severity, s) => ({
        projectId: `530100-2024-${String(r * 2 + s + 1).padStart(4, '0')}`,
        prefectureCode: '530100',
        rule,
        severity,
        since: '2026-10-01',
        evidence: '{}',
        isNew: s === 0,
        project: { ledgerNumber: `L-${r}-${s}`, name: `项目 ${r}-${s}`, stage: stages[(r * 2 + s) % stages.length] },
      })),
    );
    const execute = () => Promise.resolve({ data: { stalledProjects: { items, endCursor: null } } });
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    await writeExport(execute, { kind: 'STALLED', format: 'XLSX', asOf: null, filter: null }, out, []);
    const sheet = await readXlsx(Buffer.concat(chunks));
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const cell = (row: number, header: string) => sheet.getRow(row).getCell(headers.indexOf(header) + 1).value;
    expect(sheet.rowCount).toBe(items.length + 2);
    items.forEach((item, i) => {
      expect(cell(i + 3, '项目ID')).toBe(item.projectId);
      expect(cell(i + 3, '规则')).toBe(i18n.label('StallRule', item.rule));
      expect(cell(i + 3, '等级')).toBe(i18n.label('StallSeverity', item.severity));
      expect(cell(i + 3, '项目阶段')).toBe(i18n.label('ProjectStage', item.project.stage));
    });
  });
});
