import { buildSubgraphSchema } from '@apollo/subgraph';
import { findBreakingChanges, parse } from 'graphql';
import type { PrefectureContract } from '../contract/prefecture-contract.js';

/**
 * Whether a shard's published SDL still serves everything the contract promises. Additions are
 * fine (a prefecture may upgrade ahead of the gateway); anything the gateway could ask for and the
 * shard would reject is not. Returns the problems, empty when compatible.
 */
export function contractProblems(contract: PrefectureContract, shardSdl: string): string[] {
  let shardSchema;
  try {
    shardSchema = buildSubgraphSchema([{ typeDefs: parse(shardSdl) }]);
  } catch (error) {
    return [`its SDL does not build: ${(error as Error).message}`];
  }
  return findBreakingChanges(contract.schema, shardSchema).map((change) => change.description);
}
