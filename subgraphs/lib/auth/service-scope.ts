import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, OperationTypeNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { ErrorCode, hubError } from '../../../lib/errors.js';
import {
  SERVICE_SCOPE_LEAVES,
  SERVICE_SCOPE_OPERATION,
  SERVICE_SCOPE_ROOT_FIELDS,
  type ServiceScope,
} from '../../../schema/contract/hub-credential.js';

/**
 * Marks the context of a request made with a gateway service credential. A symbol property: it
 * survives Apollo's shallow copy of the context, and no resolver sets it by accident.
 */
const SERVICE_SCOPE = Symbol('gateway service scope');
/** The request an acting scope's credential was bound to (HUB_CLAIMS.binding); same reasons. */
const SERVICE_BINDING = Symbol('gateway service credential binding');

/** `context`, marked as made with a credential of `scope` (bound to one request, for an acting scope). */
export function withServiceScope<TContext extends BaseContext>(
  context: TContext,
  scope: ServiceScope,
  binding?: string,
): TContext {
  return Object.assign(context, { [SERVICE_SCOPE]: scope, [SERVICE_BINDING]: binding });
}

/** The service scope of a request's context, or undefined for a user's request. */
export function serviceScopeOf(context: object): ServiceScope | undefined {
  const scope: unknown = Reflect.get(context, SERVICE_SCOPE);
  return typeof scope === 'string' && Object.hasOwn(SERVICE_SCOPE_ROOT_FIELDS, scope)
    ? (scope as ServiceScope)
    : undefined;
}

/**
 * The binding of the request's service credential (what the resolver of an acting scope checks
 * its arguments against), or undefined: a user's request, or a scope that is not bound.
 */
export function serviceBindingOf(context: object): string | undefined {
  const binding: unknown = Reflect.get(context, SERVICE_BINDING);
  return typeof binding === 'string' ? binding : undefined;
}

/**
 * Refuses, with FORBIDDEN and before anything executes, every operation of a service credential
 * beyond its scope (SERVICE_SCOPE_OPERATION, SERVICE_SCOPE_ROOT_FIELDS, SERVICE_SCOPE_LEAVES): a
 * probe reads the SDL, the registry reader the registry, the ledger auditor records one entry,
 * and a captured one opens nothing else.
 */
export function serviceScopes<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const scope = serviceScopeOf(contextValue);
      if (!scope) return;
      return {
        async didResolveOperation({ operation }) {
          const refused = refusedSelection(operation, scope);
          if (!refused) return;
          throw hubError(ErrorCode.FORBIDDEN, `a ${scope} credential may ${allowedTo(scope)}, not ${refused}`, {
            http: { status: 403 },
          });
        },
      };
    },
  };
}

/** What a credential of `scope` may do, as the refusal says it. */
function allowedTo(scope: ServiceScope): string {
  const selection = `${SERVICE_SCOPE_ROOT_FIELDS[scope].join(', ')} { ${SERVICE_SCOPE_LEAVES[scope].join(' ')} }`;
  return SERVICE_SCOPE_OPERATION[scope] === 'mutation' ? `send only mutation ${selection}` : `read only ${selection}`;
}

/**
 * What the operation asks beyond its scope's operation kind, root fields and, below them, leaves,
 * or null. Fragments are refused outright, at the root and below it.
 */
function refusedSelection(operation: OperationDefinitionNode | undefined, scope: ServiceScope): string | null {
  const kind = SERVICE_SCOPE_OPERATION[scope];
  const roots = SERVICE_SCOPE_ROOT_FIELDS[scope];
  const leaves = SERVICE_SCOPE_LEAVES[scope];
  if (!operation) return 'an unresolved operation';
  if (operation.operation !== OPERATION_TYPES[kind]) return `a ${operation.operation}`;
  // One write per credential: aliases would make one credential write several times.
  if (kind === 'mutation' && operation.selectionSet.selections.length !== 1) return 'several root fields';
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return 'fragments at the root';
    const name = selection.name.value;
    if (!roots.includes(name)) return name;
    const below = selection.selectionSet ? refusedLeaves(selection.selectionSet, leaves) : null;
    if (below) return `${name} { ${below} }`;
  }
  return null;
}

const OPERATION_TYPES = { query: OperationTypeNode.QUERY, mutation: OperationTypeNode.MUTATION } as const;

function refusedLeaves(selectionSet: SelectionSetNode, leaves: readonly string[]): string | null {
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return 'fragments';
    if (!leaves.includes(selection.name.value) || selection.selectionSet) return selection.name.value;
  }
  return null;
}
