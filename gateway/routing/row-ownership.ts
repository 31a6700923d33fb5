import type { FieldNode, FragmentDefinitionNode } from 'graphql';
import { collectFields, responseKey } from './fetch-operation.js';
import type { AnswerCheck } from './shard-dispatch.js';

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

/** The prefecture a project id names: its first six digits, as routing reads it. */
const prefectureOfId = (id: unknown): string | null => (typeof id === 'string' ? id.slice(0, 6) : null);

/**
 * Why the rows of one shard's connection page are not all its prefecture's (`code`), or null when
 * they are. A shard may be wrong about its own projects, but a row naming another prefecture —
 * by its id, its `prefectureCode` or its `prefecture { code }`, in the cursor the gateway merges
 * by or in what the client reads — would pass another prefecture's row off in the merged page.
 * The client's `cursor`s must be the ones the gateway merged by, since clients page with them.
 */
export function foreignRowProblem(
  code: string,
  field: FieldNode,
  fragments: Fragments,
  page: Record<string, unknown>,
  mergedCursors: readonly { id: string; text: string }[],
): string | null {
  const foreign = mergedCursors.findIndex((cursor) => prefectureOfId(cursor.id) !== code);
  if (foreign >= 0) return `edge ${foreign} has the cursor of project ${mergedCursors[foreign].id}`;
  for (const edgesField of collectFields(field.selectionSet!, fragments)) {
    if (edgesField.name.value !== 'edges' || !edgesField.selectionSet) continue;
    const edges = page[responseKey(edgesField)] as unknown[];
    for (const [index, edge] of edges.entries()) {
      const problem = edgeProblem(code, edgesField, fragments, edge, mergedCursors[index].text);
      if (problem) return `edge ${index}: ${problem}`;
    }
  }
  return null;
}

function edgeProblem(code: string, edgesField: FieldNode, fragments: Fragments, edge: unknown, cursor: string) {
  const record = (edge ?? {}) as Record<string, unknown>;
  for (const selected of collectFields(edgesField.selectionSet!, fragments)) {
    const value = record[responseKey(selected)];
    if (selected.name.value === 'cursor' && value !== undefined && value !== cursor) {
      return 'its cursor is not the one it was merged by';
    }
    if (selected.name.value === 'node' && selected.selectionSet && value) {
      const problem = nodeProblem(code, selected, fragments, value as Record<string, unknown>);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * Why a project a shard answered (`node`, selected by `nodeField`) names another prefecture than
 * the shard's `code` — by its id, `prefectureCode` or `prefecture { code }` — or null.
 */
function nodeProblem(code: string, nodeField: FieldNode, fragments: Fragments, node: Record<string, unknown>) {
  for (const selected of collectFields(nodeField.selectionSet!, fragments)) {
    const value = node[responseKey(selected)];
    if (value === undefined || value === null) continue;
    const name = selected.name.value;
    if (name === 'id' && prefectureOfId(value) !== code) return `its node is project ${shown(value)}`;
    if (name === 'prefectureCode' && value !== code) return `its node says prefecture ${shown(value)}`;
    if (name === 'prefecture' && selected.selectionSet) {
      const named = collectFields(selected.selectionSet, fragments)
        .filter((sub) => sub.name.value === 'code')
        .map((sub) => (value as Record<string, unknown>)[responseKey(sub)])
        .find((said) => said !== undefined && said !== code);
      if (named !== undefined) return `its node's prefecture is ${shown(named)}`;
    }
  }
  return null;
}

/** A value a shard answered, as a message shows it (JSON, since it may be anything). */
function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The check of a project answered by the shard of `code` to a root field routed by key (`project`,
 * `createProject`, `updateProject`…): it must be a project of that prefecture, not one passed off
 * as another's.
 */
export function ownProjectCheck(code: string, field: FieldNode, fragments: Fragments): AnswerCheck {
  const key = responseKey(field);
  return (response) => {
    const project = response.data?.[key];
    if (project === null || typeof project !== 'object' || !field.selectionSet) return null;
    const problem = nodeProblem(code, field, fragments, project as Record<string, unknown>);
    return problem ? `${key}: ${problem}` : null;
  };
}

/**
 * The check of a ledger import answered by the shard of `code` (`importLedgerRows`): every
 * project a row result names must be that prefecture's. Otherwise a shard could report another
 * prefecture's project as created or matched, and the file side would show it to the officer.
 */
export function ownLedgerRowsCheck(code: string, field: FieldNode, fragments: Fragments): AnswerCheck {
  const key = responseKey(field);
  return (response) => {
    const result = response.data?.[key];
    if (result === null || typeof result !== 'object' || !field.selectionSet) return null;
    for (const rowsField of collectFields(field.selectionSet, fragments)) {
      if (rowsField.name.value !== 'rows' || !rowsField.selectionSet) continue;
      const rows = (result as Record<string, unknown>)[responseKey(rowsField)];
      if (!Array.isArray(rows)) continue;
      const idKeys = collectFields(rowsField.selectionSet, fragments)
        .filter((selected) => selected.name.value === 'projectId')
        .map(responseKey);
      for (const [index, row] of rows.entries()) {
        for (const idKey of idKeys) {
          const id = (row as Record<string, unknown> | null)?.[idKey];
          if (id != null && prefectureOfId(id) !== code) return `${key}.rows.${index}: names project ${shown(id)}`;
        }
      }
    }
    return null;
  };
}
