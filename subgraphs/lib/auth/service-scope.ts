import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, OperationTypeNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { ErrorCode, hubError } from '../../../lib/errors.js';
import {
  SERVICE_SCOPE_LEAVES,
  SERVICE_SCOPE_ROOT_FIELDS,
  type ServiceScope,
} from '../../../schema/contract/hub-credential.js';

/**
 * Marks the context of a request made with a gateway service credential. A symbol property: it
 * survives Apollo's shallow copy of the context, and no resolver sets it by accident.
 */
const SERVICE_SCOPE = Symbol('gateway service scope');

/** `context`, marked as made with a credential of `scope`. */
export function withServiceScope<TContext extends BaseContext>(context: TContext, scope: ServiceScope): TContext {
  return Object.assign(context, { [SERVICE_SCOPE]: scope });
}

/** The service scope of a request's context, or undefined for a user's request. */
export function serviceScopeOf(context: object): ServiceScope | undefined {
  const scope: unknown = Reflect.get(context, SERVICE_SCOPE);
  return scope === 'probe' || scope === 'registry' ? scope : undefined;
}

/**
 * Refuses, with FORBIDDEN and before anything executes, every operation of a service credential
 * beyond the root fields of its scope (SERVICE_SCOPE_ROOT_FIELDS): a probe reads the SDL, the
 * registry reader the registry, and a captured one opens nothing else, and never a write.
 */
export function serviceScopes<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const scope = serviceScopeOf(contextValue);
      if (!scope) return;
      return {
        async didResolveOperation({ operation }) {
          const refused = refusedSelection(operation, SERVICE_SCOPE_ROOT_FIELDS[scope], SERVICE_SCOPE_LEAVES[scope]);
          if (!refused) return;
          const allowed = `${SERVICE_SCOPE_ROOT_FIELDS[scope].join(', ')} { ${SERVICE_SCOPE_LEAVES[scope].join(' ')} }`;
          throw hubError(ErrorCode.FORBIDDEN, `a ${scope} credential may read only ${allowed}, not ${refused}`, {
            http: { status: 403 },
          });
        },
      };
    },
  };
}

/**
 * What the operation asks beyond the `roots` and, below them, the `leaves`, or null. Fragments
 * are refused outright, at the root and below it.
 */
function refusedSelection(
  operation: OperationDefinitionNode | undefined,
  roots: readonly string[],
  leaves: readonly string[],
): string | null {
  if (!operation) return 'an unresolved operation';
  if (operation.operation !== OperationTypeNode.QUERY) return `a ${operation.operation}`;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return 'fragments at the root';
    const name = selection.name.value;
    if (!roots.includes(name)) return name;
    const below = selection.selectionSet ? refusedLeaves(selection.selectionSet, leaves) : null;
    if (below) return `${name} { ${below} }`;
  }
  return null;
}

function refusedLeaves(selectionSet: SelectionSetNode, leaves: readonly string[]): string | null {
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return 'fragments';
    if (!leaves.includes(selection.name.value) || selection.selectionSet) return selection.name.value;
  }
  return null;
}
