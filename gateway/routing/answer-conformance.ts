import {
  getNullableType,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { SCALAR_RULES } from '../../schema/contract/scalar-rules.js';
import type { ShardResponse } from '../shards/shard-client.js';
import { responseKey } from './fetch-operation.js';

/** What a shard was asked: the contract, and the selection its answer must fill. */
export interface AskedSelection {
  readonly schema: GraphQLSchema;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * Why a shard's `value` is not an answer to `selectionSet` of `type` under the contract, or null
 * when it is: non-null fields present and not null, lists arrays, objects objects, every scalar
 * of its JS type (Money a decimal string of at most two decimals, LocalDate a real date) and every
 * enum value known. `where` names the value in the message ("projectStats.total").
 * Merging an answer that fails this would silently drop or corrupt a prefecture's data.
 */
export function answerProblem(
  asked: AskedSelection,
  type: GraphQLOutputType,
  selectionSet: SelectionSetNode | undefined,
  value: unknown,
  where: string,
): string | null {
  if (value === undefined) return `${where} is missing`;
  if (value === null) return isNonNullType(type) ? `${where} is null where ${String(type)} is required` : null;
  const inner = getNullableType(type);
  if (isListType(inner)) {
    if (!Array.isArray(value)) return `${where} is not a list`;
    for (const [index, item] of value.entries()) {
      const problem = answerProblem(asked, inner.ofType, selectionSet, item, `${where}.${index}`);
      if (problem) return problem;
    }
    return null;
  }
  if (isObjectType(inner) || isAbstractType(inner)) {
    if (typeof value !== 'object' || Array.isArray(value)) return `${where} is not an object`;
    const record = value as Record<string, unknown>;
    const objectType = isObjectType(inner) ? inner : runtimeType(asked.schema, inner, record.__typename);
    if (!objectType) return `${where} has __typename ${JSON.stringify(record.__typename)}, not of type ${inner.name}`;
    return objectProblem(asked, objectType, selectionSet, record, where);
  }
  if (isEnumType(inner)) {
    return typeof value === 'string' && inner.getValue(value)
      ? null
      : `${where} is ${JSON.stringify(value)}, not of type ${inner.name}`;
  }
  return scalarProblem(inner.name, value, where);
}

function objectProblem(
  asked: AskedSelection,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode | undefined,
  record: Record<string, unknown>,
  where: string,
): string | null {
  if (!selectionSet) return null;
  const definitions = type.getFields();
  for (const field of fieldsFor(asked, type, selectionSet)) {
    const key = responseKey(field);
    const path = `${where}.${key}`;
    // @skip/@include may leave a field out legitimately.
    if (record[key] === undefined && field.directives?.length) continue;
    if (field.name.value === '__typename') {
      if (record[key] !== type.name) return `${path} is ${JSON.stringify(record[key])}, not ${type.name}`;
      continue;
    }
    const definition = definitions[field.name.value];
    if (!definition) continue;
    const problem = answerProblem(asked, definition.type, field.selectionSet, record[key], path);
    if (problem) return problem;
  }
  return null;
}

function scalarProblem(name: string, value: unknown, where: string): string | null {
  const ok = (() => {
    switch (name) {
      case 'Int':
        return typeof value === 'number' && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX;
      case 'Float':
        return typeof value === 'number' && Number.isFinite(value);
      case 'Boolean':
        return typeof value === 'boolean';
      case 'String':
      case 'ID':
        return typeof value === 'string';
      default: {
        const rule = SCALAR_RULES[name];
        // The contract's scalars go out as strings; a rule alone would accept a JSON number.
        return rule ? typeof value === 'string' && rule(value) === null : true;
      }
    }
  })();
  return ok ? null : `${where} is ${JSON.stringify(value)?.slice(0, 80)}, not of type ${name}`;
}

/** The object type a value of an abstract type says it is, if the contract allows it there. */
function runtimeType(
  schema: GraphQLSchema,
  abstract: Parameters<GraphQLSchema['getPossibleTypes']>[0],
  typename: unknown,
) {
  if (typeof typename !== 'string') return null;
  return schema.getPossibleTypes(abstract).find((type) => type.name === typename) ?? null;
}

/** Fields selected on `type`: fragments whose type condition does not apply to it are left out. */
function fieldsFor(asked: AskedSelection, type: GraphQLObjectType, selectionSet: SelectionSetNode): FieldNode[] {
  const applies = (condition: string | undefined) => {
    if (!condition || condition === type.name) return true;
    const named = asked.schema.getType(condition);
    return !!named && isAbstractType(named) && asked.schema.isSubType(named, type);
  };
  const fields: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(selection.typeCondition?.name.value)) fields.push(...fieldsFor(asked, type, selection.selectionSet));
    } else {
      const fragment = asked.fragments.get(selection.name.value);
      if (fragment && applies(fragment.typeCondition.name.value)) {
        fields.push(...fieldsFor(asked, type, fragment.selectionSet));
      }
    }
  }
  return fields;
}

/**
 * The check of one shard's answer to a root field (see `dispatch`): the value at its response key
 * must conform. A null explained by errors is an answer (the shard refused or failed openly);
 * `data: null`, a missing field or an unexplained null in a non-null field are not.
 */
export function rootFieldCheck(
  asked: AskedSelection,
  type: GraphQLOutputType,
  field: FieldNode,
): (response: ShardResponse) => string | null {
  const key = responseKey(field);
  return (response) => {
    const value = response.data?.[key];
    if (value == null && response.errors?.length) return null;
    return answerProblem(asked, type, field.selectionSet, value, key);
  };
}
