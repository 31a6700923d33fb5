import { badInput } from '../../lib/errors.js';
import { ProjectOrder } from '../../schema/contract/project-order.js';
import { PREFECTURES } from '../../schema/prefectures.js';

/** What an export reads: a `projects` view, the stalled-project list, or a cohort's metrics. */
export type ExportRequest =
  | {
      readonly kind: 'PROJECTS';
      readonly format: ExportFormat;
      /** A ProjectFilter, as the `projects` field takes it (checked by the graph when read). */
      readonly filter: Record<string, unknown> | null;
      readonly orderBy: ProjectOrder;
    }
  | {
      readonly kind: 'STALLED';
      readonly format: ExportFormat;
      readonly asOf: string | null;
      /** A StallFilterInput. */
      readonly filter: Record<string, unknown> | null;
    }
  | {
      readonly kind: 'METRICS';
      readonly format: ExportFormat;
      readonly asOf: string | null;
      /** A CohortInput: year, signingLevel, eventKind; parts left out are summed over. */
      readonly cohort: Record<string, unknown> | null;
    };

type ExportFormat = 'XLSX' | 'CSV';
const FORMATS: readonly ExportFormat[] = ['XLSX', 'CSV'];
const KINDS = ['PROJECTS', 'STALLED', 'METRICS'] as const;

/** The arguments of `ledgerExport` (GraphQL) as one ExportRequest; BAD_USER_INPUT naming what is wrong. */
export function exportRequestOf(input: {
  kind: string;
  format?: string | null;
  filter?: string | null;
  orderBy?: string | null;
  asOf?: string | null;
  cohort?: string | null;
  prefecture?: string | null;
}): ExportRequest {
  const format = (input.format ?? 'XLSX') as ExportFormat;
  if (!FORMATS.includes(format)) throw badInput('ledgerExport.input.format', 'must be XLSX or CSV');
  const kind = input.kind as (typeof KINDS)[number];
  if (!KINDS.includes(kind)) throw badInput('ledgerExport.input.kind', `must be one of ${KINDS.join(', ')}`);
  const filter = jsonObject('filter', input.filter);
  if (input.prefecture != null) {
    if (!PREFECTURES.some((p) => p.code === input.prefecture)) {
      throw badInput('ledgerExport.input.prefecture', `no prefecture ${JSON.stringify(input.prefecture)}`);
    }
  }
  const prefectures = input.prefecture ? [input.prefecture] : undefined;
  switch (kind) {
    case 'PROJECTS': {
      const orderBy = (input.orderBy ?? ProjectOrder.SIGNED_ON_DESC) as ProjectOrder;
      if (!Object.values(ProjectOrder).includes(orderBy)) {
        throw badInput('ledgerExport.input.orderBy', `must be one of ${Object.values(ProjectOrder).join(', ')}`);
      }
      return { kind, format, orderBy, filter: prefectures ? { ...filter, prefectures } : filter };
    }
    case 'STALLED':
      return { kind, format, asOf: input.asOf ?? null, filter: prefectures ? { ...filter, prefectures } : filter };
    case 'METRICS':
      return { kind, format, asOf: input.asOf ?? null, cohort: jsonObject('cohort', input.cohort) };
  }
}

function jsonObject(name: string, text: string | null | undefined): Record<string, unknown> | null {
  if (text == null || text === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badInput(`ledgerExport.input.${name}`, 'must be a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badInput(`ledgerExport.input.${name}`, 'must be a JSON object');
  }
  return value as Record<string, unknown>;
}
