import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Names of the fields the operation selects below the current field along `path` (e.g.
 * `['edges', 'node']`), through fragments of every kind; aliases resolve to field names.
 * Over-approximates on purpose: fields under `@skip`/`@include` and under type conditions count
 * as selected, so a caller reading only these fields never misses one the answer needs.
 */
export function selectedFieldNames(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  let level: SelectionSetNode[] = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    const next: SelectionSetNode[] = [];
    forEachField(info, level, (fieldName, selectionSet) => {
      if (fieldName === name && selectionSet) next.push(selectionSet);
    });
    level = next;
  }
  const names = new Set<string>();
  forEachField(info, level, (fieldName) => names.add(fieldName));
  return names;
}

function forEachField(
  info: GraphQLResolveInfo,
  selectionSets: readonly SelectionSetNode[],
  visit: (fieldName: string, selectionSet: SelectionSetNode | undefined) => void,
  seenFragments = new Set<string>(),
): void {
  for (const selectionSet of selectionSets) {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        visit(selection.name.value, selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        forEachField(info, [selection.selectionSet], visit, seenFragments);
      } else {
        const fragment = info.fragments[selection.name.value];
        // Validation refuses fragment cycles; the guard only keeps a spread from being walked twice.
        if (fragment && !seenFragments.has(fragment.name.value)) {
          seenFragments.add(fragment.name.value);
          forEachField(info, [fragment.selectionSet], visit, seenFragments);
        }
      }
    }
  }
}
