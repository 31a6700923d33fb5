import {
  getNamedType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type SelectionSetNode,
} from 'graphql';
import { formatFen, parseYuan } from '../../schema/contract/money.js';
import { collectFields, responseKey } from './fetch-operation.js';

/**
 * Adds shards' answers leaf by leaf, guided by the contract type: Int by +, Money exactly in fen,
 * objects recursively. The contract guarantees SUM types hold nothing else (rates are never
 * averaged: they are computed from these sums).
 */
export function mergeSum(
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  values: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const field of collectFields(selectionSet, fragments))
    merged[responseKey(field)] = mergeField(type, field, fragments, values);
  return merged;
}

function mergeField(
  parent: GraphQLObjectType,
  field: FieldNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  values: readonly Record<string, unknown>[],
): unknown {
  const key = responseKey(field);
  if (field.name.value === '__typename') return parent.name;
  const fieldType = getNamedType(parent.getFields()[field.name.value].type);
  const present = values.map((v) => v[key]).filter((v) => v !== null && v !== undefined);
  if (isObjectType(fieldType)) {
    return mergeSum(fieldType, field.selectionSet!, fragments, present as Record<string, unknown>[]);
  }
  if (fieldType.name === 'Money') return formatFen(present.reduce<bigint>((sum, v) => sum + parseYuan(v), 0n));
  return present.reduce<number>((sum, v) => sum + Number(v), 0);
}
