import {
  Kind,
  parse,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** A subgraph fetch the query planner sent to the logical `prefecture` subgraph. */
export interface FetchOperation {
  readonly operation: OperationDefinitionNode;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** Root fields in document order; root `__typename` is answered by the gateway itself. */
  readonly rootFields: readonly FieldNode[];
}

const cache = new Map<string, FetchOperation>();
const CACHE_LIMIT = 2000;

/** Parses (once per distinct query text) a fetch into its root fields. */
export function parseFetch(query: string): FetchOperation {
  const cached = cache.get(query);
  if (cached) return cached;
  const document = parse(query);
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length !== 1) throw new Error(`a subgraph fetch holds ${operations.length} operations, expected 1`);
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const parsed: FetchOperation = {
    operation: operations[0],
    fragments,
    rootFields: collectFields(operations[0].selectionSet, fragments),
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(query, parsed);
  return parsed;
}

/** Fields of a selection set with fragments spread and inline fragments flattened. */
export function collectFields(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fields.push(...collectFields(selection.selectionSet, fragments));
    else {
      const fragment = fragments.get(selection.name.value);
      if (fragment) fields.push(...collectFields(fragment.selectionSet, fragments));
    }
  }
  return fields;
}

export const responseKey = (field: FieldNode): string => field.alias?.value ?? field.name.value;

/**
 * An operation asking only `field` (possibly rewritten), keeping just the variables and fragments
 * it uses, since GraphQL rejects unused ones.
 */
export function operationFor(fetch: FetchOperation, field: FieldNode): string {
  const usedFragments = new Set<string>();
  const usedVariables = new Set<string>();
  const pending: (FieldNode | FragmentDefinitionNode)[] = [field];
  while (pending.length) {
    visit(pending.pop()!, {
      Variable: (node) => void usedVariables.add(node.name.value),
      FragmentSpread: (node) => {
        if (usedFragments.has(node.name.value)) return;
        usedFragments.add(node.name.value);
        const fragment = fetch.fragments.get(node.name.value);
        if (fragment) pending.push(fragment);
      },
    });
  }
  const operation: OperationDefinitionNode = {
    ...fetch.operation,
    variableDefinitions: fetch.operation.variableDefinitions?.filter((v) => usedVariables.has(v.variable.name.value)),
    selectionSet: { kind: Kind.SELECTION_SET, selections: [field] },
  };
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [operation, ...[...usedFragments].map((name) => fetch.fragments.get(name)!).filter(Boolean)],
  };
  return print(document);
}
