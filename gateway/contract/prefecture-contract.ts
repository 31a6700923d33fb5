import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  valueFromASTUntyped,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/** How one root field of the prefecture contract reaches the shards (its `@route`). */
export type RootRoute =
  | { readonly kind: 'key'; readonly path: readonly string[] }
  | { readonly kind: 'fanOut'; readonly merge: 'CONNECTION' | 'SUM'; readonly filterPath: readonly string[] | null };

/** The prefecture contract as the gateway uses it: types, routes and entity keys. */
export interface PrefectureContract {
  readonly sdl: string;
  /** The contract as a schema, for type lookups and compatibility checks. */
  readonly schema: GraphQLSchema;
  /** `Query.projects` → its route. */
  readonly routes: ReadonlyMap<string, RootRoute>;
  /** Entity type name → the field of its key whose value starts with the prefecture code. */
  readonly entityKeys: ReadonlyMap<string, string>;
}

class ContractError extends Error {}

export function loadPrefectureContract(path = 'schema/prefecture.graphql'): PrefectureContract {
  return parsePrefectureContract(readFileSync(path, 'utf8'));
}

/**
 * Reads routing from the contract SDL, not from field names: every Query and Mutation field must
 * carry `@route`, mutations must route by key, and SUM-merged types must be sums all the way down.
 */
export function parsePrefectureContract(sdl: string): PrefectureContract {
  const document = parse(sdl);
  const schema = buildSubgraphSchema([{ typeDefs: document }]);
  const routes = new Map<string, RootRoute>();
  const entityKeys = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const typeName = definition.name.value;
    const key = definition.directives?.find((d) => d.name.value === 'key');
    if (key) {
      const fields = String(valueFromASTUntyped(key.arguments!.find((a) => a.name.value === 'fields')!.value));
      if (!/^\w+$/.test(fields))
        throw new ContractError(`${typeName}: only single-field keys can be routed, got "${fields}"`);
      entityKeys.set(typeName, fields);
    }
    if (typeName !== 'Query' && typeName !== 'Mutation') continue;
    for (const field of definition.fields ?? []) {
      const name = `${typeName}.${field.name.value}`;
      const directive = field.directives?.find((d) => d.name.value === 'route');
      if (!directive) throw new ContractError(`${name} has no @route: the gateway cannot know which shards answer it`);
      const args = Object.fromEntries(
        (directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]),
      );
      const keyPath = pathArgument(args, 'key', name);
      const filterPath = pathArgument(args, 'filter', name);
      const route: RootRoute = keyPath
        ? { kind: 'key', path: keyPath }
        : { kind: 'fanOut', merge: args.fanOut as 'CONNECTION' | 'SUM', filterPath };
      if (route.kind === 'fanOut' && !['CONNECTION', 'SUM'].includes(route.merge)) {
        throw new ContractError(`${name}: @route needs key or fanOut: CONNECTION | SUM`);
      }
      if (typeName === 'Mutation' && route.kind !== 'key')
        throw new ContractError(`${name}: a mutation must route by key to one shard`);
      if (route.kind === 'fanOut' && route.merge === 'SUM')
        assertSummable(schema.getQueryType()!.getFields()[field.name.value].type, name);
      routes.set(name, route);
    }
  }
  return { sdl, schema, routes, entityKeys };
}

/** A dotted argument path of `@route` (`key: "input.id"`) as its segments, or null when absent. */
function pathArgument(args: Record<string, unknown>, argument: string, fieldName: string): string[] | null {
  const value = args[argument];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new ContractError(`${fieldName}: @route(${argument}:) must be a string`);
  return value.split('.');
}

/** A SUM-merged type may hold only Int, Money and objects of those: anything else cannot be added. */
function assertSummable(type: GraphQLOutputType, where: string): void {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) throw new ContractError(`${where}: lists cannot be merged by SUM`);
  const named = getNamedType(inner);
  if (isObjectType(named)) {
    for (const [name, field] of Object.entries(named.getFields())) assertSummable(field.type, `${where}.${name}`);
    return;
  }
  if (!['Int', 'Money'].includes(named.name))
    throw new ContractError(`${where}: ${named.name} cannot be merged by SUM`);
}
