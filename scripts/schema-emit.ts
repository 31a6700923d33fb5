/**
 * Writes the contracts generated from code into schema/: today the prefecture subgraph SDL.
 * test/schema fails when the checked-in files and the code drift; rerun this after changing them.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { emittedContracts } from './emitted-contracts.js';

for (const contract of await emittedContracts()) {
  writeFileSync(contract.path, contract.text);
  console.log(`wrote ${contract.path}`);
}
