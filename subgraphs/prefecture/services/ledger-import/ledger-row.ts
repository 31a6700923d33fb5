import type { ProjectStage } from '../../../../schema/contract/project-stage.js';
import { EDITABLE_PROJECT_FIELDS, type EditableProjectField } from '../../domain/project-fields.js';
import type { LedgerRowInput } from '../../graphql/inputs/ledger-import.input.js';

/** A ledger row as the checks read it: text trimmed, blank cells absent (null). */
export interface LedgerRow {
  readonly rowNumber: number;
  readonly ledgerNumber: string | null;
  readonly nationalCode: string | null;
  readonly stage: ProjectStage | null;
  /** The project fields the row gives (absent ones are left out): what it sets. */
  readonly fields: Partial<Record<EditableProjectField, unknown>>;
  readonly fundsInPlace: bigint | null;
  readonly fundsInPlaceAsOf: string | null;
}

export function normalizeLedgerRow(input: LedgerRowInput): LedgerRow {
  const fields: Partial<Record<EditableProjectField, unknown>> = {};
  for (const field of EDITABLE_PROJECT_FIELDS) {
    const value = present((input as unknown as Record<string, unknown>)[field]);
    if (value !== null) fields[field] = value;
  }
  return {
    rowNumber: input.rowNumber,
    ledgerNumber: (fields.ledgerNumber as string | undefined) ?? null,
    nationalCode: (fields.nationalCode as string | undefined) ?? null,
    stage: input.stage ?? null,
    fields,
    fundsInPlace: input.fundsInPlace ?? null,
    fundsInPlaceAsOf: input.fundsInPlaceAsOf ?? null,
  };
}

/** A cell's value, or null when it is empty: a spreadsheet cannot tell an empty string from no value. */
function present(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  return value;
}
