import { readFileSync } from 'node:fs';
import { parse, Kind, type ObjectTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { emittedContracts } from '../../scripts/emitted-contracts.js';

describe('checked-in contracts', () => {
  it('match what the code generates (run `npm run schema:emit` after changing the schema)', async () => {
    for (const contract of await emittedContracts()) {
      expect(readFileSync(contract.path, 'utf8'), `${contract.path} drifted from the code`).toBe(contract.text);
    }
  });

  it('route every root field of the prefecture contract, with exactly one of key or fanOut', () => {
    const document = parse(readFileSync('schema/prefecture.graphql', 'utf8'));
    const roots = document.definitions.filter(
      (d): d is ObjectTypeDefinitionNode =>
        d.kind === Kind.OBJECT_TYPE_DEFINITION && ['Query', 'Mutation'].includes(d.name.value),
    );
    expect(roots.map((r) => r.name.value).sort()).toEqual(['Mutation', 'Query']);
    for (const root of roots) {
      for (const field of root.fields ?? []) {
        const route = field.directives?.find((d) => d.name.value === 'route');
        expect(route, `${root.name.value}.${field.name.value} has no @route`).toBeDefined();
        const args = new Set(route!.arguments!.map((a) => a.name.value));
        expect(
          args.has('key') !== args.has('fanOut'),
          `${root.name.value}.${field.name.value} needs key xor fanOut`,
        ).toBe(true);
        if (root.name.value === 'Mutation')
          expect(args.has('key'), `mutation ${field.name.value} must go to one shard`).toBe(true);
      }
    }
  });
});
