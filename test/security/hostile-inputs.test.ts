/**
 * A caller's crafted values through the gateway: each is the caller's mistake (BAD_USER_INPUT
 * naming the field), never a prefecture's failure, and what is valid still goes through.
 * Real hub over loopback HTTP; a proxy counts what reaches one shard.
 */
import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../schema/contract/cursor.js';
import { ProjectOrder } from '../../schema/contract/project-order.js';
import { errorsWithCode, postToGateway } from '../support/gateway-http.js';
import { ADMIN } from '../../bench/support/hub-tokens.js';
import { useProxiedHub } from '../support/proxied-hub.js';

const CODES = ['530100', '530300'];
const WATCHED = '530300';
const PAGE = (order: ProjectOrder) =>
  `query($after: String) { projects(first: 2, orderBy: ${order}, after: $after) { edges { node { id } } } }`;
const UPDATE = 'mutation($input: UpdateProjectInput!) { updateProject(input: $input) { id agreedInvestment } }';

describe('crafted values from a caller', () => {
  const suite = useProxiedHub(CODES, WATCHED);

  describe('a cursor of the right shape holding what no shard can use', () => {
    const crafted: [string, ProjectOrder, string | null, string][] = [
      ['a NUL in its project id', ProjectOrder.ID_ASC, null, '530100-\u0000'],
      ['a timestamp beyond any date', ProjectOrder.UPDATED_AT_DESC, '9999999999999999999', '530100-2018-0001'],
      ['a date that does not exist', ProjectOrder.SIGNED_ON_DESC, '2018-99-99', '530100-2018-0001'],
    ];
    it.each(crafted)(
      'with %s is BAD_USER_INPUT on projects.after; no shard is called or blamed',
      async (_what, order, value, id) => {
        const after = encodeCursor({ order, value, id });
        const { body } = await postToGateway(suite.hub, PAGE(order), { after });
        expect(errorsWithCode(body, 'PREFECTURE_UNAVAILABLE')).toEqual([]);
        expect(body.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
          ['BAD_USER_INPUT', 'projects.after'],
        ]);
        expect(suite.proxy.queries).toBe(0);
      },
    );

    it('pages on with a cursor the hub issued', async () => {
      const first = await postToGateway(
        suite.hub,
        `{ projects(first: 1, orderBy: ID_ASC) { pageInfo { endCursor } } }`,
      );
      const after = first.body.data!.projects.pageInfo.endCursor as string;
      const { body } = await postToGateway(suite.hub, PAGE(ProjectOrder.ID_ASC), { after });
      expect(body.errors).toBeUndefined();
      expect(body.data!.projects.edges).toHaveLength(2);
    });
  });

  describe('Money written as no Money is', () => {
    const refused = ['0.1e1', ' 1', '1,000', '\uFF11\uFF12', '12345678901234567890', '+1', '1.', '.5', '1.000'];
    it.each(refused)('%j is refused at the gateway, naming the field', async (money) => {
      const project = suite.seeded.get(WATCHED)![0];
      const input = { id: project.id, version: 1, agreedInvestment: money };
      const { status, body } = await postToGateway(suite.hub, UPDATE, { input }, ADMIN);
      expect(status).toBe(400);
      expect(body.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
        ['BAD_USER_INPUT', 'updateProject.input.agreedInvestment'],
      ]);
      expect(suite.proxy.queries).toBe(0);
    });
  });

  it('dates: a real leap day passes the gateway; 2023-02-29, a signed year and a short month do not', async () => {
    const query = 'query($f: ProjectFilter) { projectStats(filter: $f) { total } }';
    const leap = await postToGateway(suite.hub, query, { f: { signedFrom: '2024-02-29' } });
    expect(leap.body.errors).toBeUndefined();
    for (const date of ['2023-02-29', '+2024-01-01', '2024-1-01']) {
      const { status, body } = await postToGateway(suite.hub, query, { f: { signedFrom: date } });
      expect(status, date).toBe(400);
      expect(body.errors?.[0].extensions?.field).toBe('projectStats.filter.signedFrom');
    }
  });
});
