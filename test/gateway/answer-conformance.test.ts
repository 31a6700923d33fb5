import { describe, expect, it } from 'vitest';
import { loadPrefectureContract } from '../../gateway/contract/prefecture-contract.js';
import { answerProblem, rootFieldCheck } from '../../gateway/routing/answer-conformance.js';
import { parseFetch } from '../../gateway/routing/fetch-operation.js';

const contract = loadPrefectureContract();

/** Checks `value` as the answer to the only root field of `query`. */
function problemOf(query: string, value: unknown, errors?: { message: string }[]): string | null {
  const fetch = parseFetch(query);
  const [field] = fetch.rootFields;
  const type =
    contract.schema.getQueryType()!.getFields()[field.name.value]?.type ??
    contract.schema.getMutationType()!.getFields()[field.name.value].type;
  return rootFieldCheck(
    { schema: contract.schema, fragments: fetch.fragments },
    type,
    field,
  )({ data: { [field.alias?.value ?? field.name.value]: value }, errors });
}

const STATS = 'query { projectStats { total agreedInvestment byStage { signed } } }';
const goodStats = () => ({ total: 3, agreedInvestment: '12.50', byStage: { signed: 2 } });

describe('answer conformance', () => {
  it('accepts an answer of the shape asked', () => {
    expect(problemOf(STATS, goodStats())).toBeNull();
  });

  it.each<[string, (stats: Record<string, any>) => void, RegExp]>([
    ['an Int sent as a string', (s) => (s.total = '3'), /projectStats\.total is "3", not of type Int/],
    ['a fractional Int', (s) => (s.total = 1.5), /not of type Int/],
    ['an Int beyond 32 bits', (s) => (s.total = 2 ** 31), /not of type Int/],
    ['Money with three decimals', (s) => (s.agreedInvestment = '1.005'), /agreedInvestment .* not of type Money/],
    ['Money as a JSON number', (s) => (s.agreedInvestment = 12), /not of type Money/],
    ['a missing field', (s) => delete s.total, /projectStats\.total is missing/],
    ['a null non-null field', (s) => (s.byStage = null), /projectStats\.byStage is null/],
    ['a list for an object', (s) => (s.byStage = []), /projectStats\.byStage is not an object/],
  ])('refuses %s', (_what, tamper, message) => {
    const stats = goodStats();
    tamper(stats);
    expect(problemOf(STATS, stats)).toMatch(message);
  });

  it('refuses data: null without an error for a non-null field, but not with one, nor for a nullable field', () => {
    expect(problemOf(STATS, null)).toMatch(/is null/);
    expect(problemOf(STATS, null, [{ message: 'refused' }])).toBeNull();
    expect(problemOf('query { project(id: "530100-2018-0001") { id } }', null)).toBeNull();
    expect(problemOf('query { project(id: "530100-2018-0001") { id } }', undefined)).toMatch(/project is missing/);
  });

  it('follows named and inline fragments with aliases, and lets @skip leave a field out', () => {
    const query = `query($s: Boolean!) { page: projects(first: 1) { ...Page } }
      fragment Page on ProjectConnection {
        totalCount edges { node { ... on Project { ref: id stage signedOn @skip(if: $s) } } }
      }`;
    const page = (node: Record<string, unknown>) => ({ totalCount: 1, edges: [{ node }] });
    expect(problemOf(query, page({ ref: '530100-2018-0001', stage: 'SIGNED' }))).toBeNull();
    expect(problemOf(query, page({ ref: '530100-2018-0001', stage: 'BUILT' }))).toMatch(
      /page\.edges\.0\.node\.stage is "BUILT", not of type ProjectStage/,
    );
    expect(problemOf(query, page({ ref: '530100-2018-0001', stage: 'SIGNED', signedOn: '2019-02-29' }))).toMatch(
      /signedOn .* not of type LocalDate/,
    );
    expect(problemOf(query, page({ stage: 'SIGNED' }))).toMatch(/node\.ref is missing/);
  });

  it('checks an abstract type by the __typename its value gives', () => {
    const fetch = parseFetch(
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Prefecture { code } } }',
    );
    const [field] = fetch.rootFields;
    const type = contract.schema.getQueryType()!.getFields()._entities.type;
    const asked = { schema: contract.schema, fragments: fetch.fragments };
    expect(
      answerProblem(asked, type, field.selectionSet, [{ __typename: 'Prefecture', code: '530100' }, null], '_entities'),
    ).toBeNull();
    expect(
      answerProblem(asked, type, field.selectionSet, [{ __typename: 'Prefecture', code: 530100 }], '_entities'),
    ).toMatch(/_entities\.0\.code/);
    expect(
      answerProblem(asked, type, field.selectionSet, [{ __typename: 'Secret', code: '530100' }], '_entities'),
    ).toMatch(/__typename "Secret"/);
    expect(answerProblem(asked, type, field.selectionSet, { __typename: 'Prefecture' }, '_entities')).toMatch(
      /not a list/,
    );
  });
});
