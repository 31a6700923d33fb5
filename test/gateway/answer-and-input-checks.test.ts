import { describe, expect, it } from 'vitest';
import { ADMIN } from '../../bench/support/hub-tokens.js';
import { errorsWithCode, postToGateway, untilAllServing } from '../support/gateway-http.js';
import { idsOf, investmentOf } from '../support/hub-seed.js';
import { useProxiedHub } from '../support/proxied-hub.js';
import type { GraphQLResult } from '../../bench/support/prefecture-harness.js';

const CODES = ['530100', '530300', '530400'];
/** Behind a proxy that rewrites its answers. */
const TAMPERED = '530300';
const OTHERS = CODES.filter((code) => code !== TAMPERED);

const STATS = '{ projectStats { total agreedInvestment byStage { signed } } }';
const PAGE =
  '{ projects(first: 50, orderBy: ID_ASC) { totalCount edges { node { id stage agreedInvestment signedOn } } } }';
const UPDATE = 'mutation($input: UpdateProjectInput!) { updateProject(input: $input) { id version county } }';

describe('shard answers checked and client mistakes kept client errors, through the gateway', () => {
  const suite = useProxiedHub(CODES, TAMPERED);

  /** Calls the gateway made to shards that did not end "ok", per /metrics. */
  async function failedShardCalls(): Promise<number> {
    const text = await (await fetch(new URL('/metrics', suite.hub.gatewayUrl))).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith('hub_shard_request_duration_seconds_count{') && !line.includes('outcome="ok"'))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  }

  /** A read's BAD_RESPONSE is PREFECTURE_UNAVAILABLE; a write's, WRITE_OUTCOME_UNKNOWN (it may have been applied). */
  function expectBadResponseOf(body: GraphQLResult, code: string, errorCode = 'PREFECTURE_UNAVAILABLE') {
    const unavailable = errorsWithCode(body, errorCode);
    expect(unavailable.map((e) => [e.extensions?.prefecture, e.extensions?.reason])).toEqual([[code, 'BAD_RESPONSE']]);
  }

  describe('a shard answering the wrong shape', () => {
    it('is left out of projectStats with BAD_RESPONSE instead of being summed without it', async () => {
      suite.proxy.tamper = () => (answer) => {
        answer.data.projectStats.total = String(answer.data.projectStats.total);
      };
      const { status, body } = await postToGateway(suite.hub, STATS);
      expect(status).toBe(200);
      expectBadResponseOf(body, TAMPERED);
      expect(body.data!.projectStats).toEqual({
        total: 2 * OTHERS.length,
        agreedInvestment: investmentOf(suite.seeded, OTHERS),
        byStage: { signed: 2 * OTHERS.length },
      });
      expect(suite.hub.gateway.registry.get(TAMPERED)!.state).toBe('DOWN');
    });

    it('is left out of projectStats when a Money has three decimals or a count is missing', async () => {
      for (const tamper of [
        (stats: Record<string, unknown>) => void (stats.agreedInvestment = '12.345'),
        (stats: Record<string, unknown>) => void delete stats.total,
      ]) {
        suite.proxy.tamper = () => (answer) => tamper(answer.data.projectStats);
        const { body } = await postToGateway(suite.hub, STATS);
        expectBadResponseOf(body, TAMPERED);
        expect(body.data!.projectStats.total).toBe(2 * OTHERS.length);
        await untilAllServing(suite.hub);
      }
    });

    it('is left out of a projects page with BAD_RESPONSE when a node holds an unknown enum or a bad date', async () => {
      for (const tamper of [
        (node: Record<string, unknown>) => void (node.stage = 'DEMOLISHED'),
        (node: Record<string, unknown>) => void (node.signedOn = '2018-02-30'),
      ]) {
        suite.proxy.tamper = () => (answer) => tamper(answer.data.projects.edges[0].node);
        const { status, body } = await postToGateway(suite.hub, PAGE);
        expect(status).toBe(200);
        expectBadResponseOf(body, TAMPERED);
        expect(body.data!.projects.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(
          idsOf(suite.seeded, OTHERS),
        );
        expect(body.data!.projects.totalCount).toBe(2 * OTHERS.length);
        await untilAllServing(suite.hub);
      }
    });

    it('leaves a wrong-shaped entity of an _entities batch null with BAD_RESPONSE, the others answered', async () => {
      suite.proxy.tamper = ({ query }) =>
        query.includes('_entities') ? (answer) => void (answer.data._entities[0].projectStats.total = -0.5) : null;
      const { body } = await postToGateway(suite.hub, '{ prefectures { code projectStats { total } } }');
      const byCode = new Map(
        body.data!.prefectures.map((p: { code: string; projectStats: unknown }) => [p.code, p.projectStats]),
      );
      expect(byCode.get(TAMPERED)).toBeNull();
      for (const code of OTHERS) expect(byCode.get(code)).toEqual({ total: 2 });
      expect(
        errorsWithCode(body, 'PREFECTURE_UNAVAILABLE').map((e) => [e.extensions?.prefecture, e.extensions?.reason]),
      ).toEqual([[TAMPERED, 'BAD_RESPONSE']]);
    });

    it('makes a mutation answered data: null without an error a BAD_RESPONSE, not a silent null', async () => {
      suite.proxy.tamper = () => (answer) => {
        answer.data = null;
        delete answer.errors;
      };
      const project = suite.seeded.get(TAMPERED)![0];
      const { body } = await postToGateway(
        suite.hub,
        UPDATE,
        { input: { id: project.id, version: 1, county: '富源县' } },
        ADMIN,
      );
      expect(body.data).toBeNull();
      expectBadResponseOf(body, TAMPERED, 'WRITE_OUTCOME_UNKNOWN');
    });
  });

  it('never relays a shard error text with a path or SQL', async () => {
    const leak = 'boom at /srv/app.js:1 SELECT * FROM project';
    for (const extensions of [{ code: 'INTERNAL_SERVER_ERROR' }, {}, { code: 'SOMETHING_ELSE', stacktrace: [leak] }]) {
      suite.proxy.tamper = () => (answer) => {
        answer.data = null;
        answer.errors = [{ message: leak, path: ['projectStats'], extensions }];
      };
      const { body } = await postToGateway(suite.hub, STATS);
      expect(JSON.stringify(body)).not.toMatch(/srv|SELECT|boom/);
      const unavailable = errorsWithCode(body, 'PREFECTURE_UNAVAILABLE');
      expect(unavailable.map((e) => [e.extensions?.prefecture, e.extensions?.reason])).toEqual([
        [TAMPERED, 'SHARD_ERROR'],
      ]);
      expect(body.data!.projectStats.total).toBe(2 * OTHERS.length);
    }
  });

  it("relays a shard's client error with its message cleaned, naming but not blaming the shard", async () => {
    suite.proxy.tamper = () => (answer) => {
      answer.data = null;
      answer.errors = [
        {
          message: 'filter.text:\u0000 is refused',
          path: ['projectStats'],
          extensions: { code: 'BAD_USER_INPUT', field: 'filter.text' },
        },
      ];
    };
    const failedBefore = await failedShardCalls();
    const { body } = await postToGateway(suite.hub, STATS);
    const refused = errorsWithCode(body, 'BAD_USER_INPUT');
    expect(refused).toHaveLength(1);
    expect(refused[0].message).toBe('filter.text:  is refused');
    // Only this shard said so: a refusal the others do not share is named as its own.
    expect(refused[0].extensions?.prefecture).toBe(TAMPERED);
    expect(await failedShardCalls()).toBe(failedBefore);
    expect(suite.hub.gateway.registry.get(TAMPERED)!.state).toBe('SERVING');
  });

  describe("a caller's bad value", () => {
    const badCalls: [string, string, Record<string, unknown>, string][] = [
      [
        'an impossible date literal in a fan-out filter',
        '{ projects(first: 1, filter: { signedFrom: "2012-02-30" }) { totalCount } }',
        {},
        'projects.filter.signedFrom',
      ],
      [
        'an impossible date variable in projectStats',
        'query($f: ProjectFilter) { projectStats(filter: $f) { total } }',
        { f: { signedTo: '2019-13-01' } },
        'projectStats.filter.signedTo',
      ],
      [
        'a NUL byte in a text filter',
        'query($f: ProjectFilter) { projectStats(filter: $f) { total } }',
        { f: { text: 'a\u0000b' } },
        'projectStats.filter.text',
      ],
      [
        'a lone surrogate in a list filter',
        'query($f: ProjectFilter) { projects(first: 1, filter: $f) { totalCount } }',
        { f: { industries: ['ok', '\uD83D'] } },
        'projects.filter.industries.1',
      ],
      ['a NUL byte in a project id', '{ project(id: "530100-2018-0001\\u0000") { id } }', {}, 'project.id'],
      [
        'a Money with three decimals in a mutation',
        UPDATE,
        { input: { id: '530300-2018-0001', version: 1, agreedInvestment: '12.345' } },
        'updateProject.input.agreedInvestment',
      ],
      [
        'a Money with an exponent in a mutation',
        UPDATE,
        { input: { id: '530300-2018-0001', version: 1, agreedInvestment: '1e9' } },
        'updateProject.input.agreedInvestment',
      ],
      [
        'an impossible date in a mutation',
        UPDATE,
        { input: { id: '530300-2018-0001', version: 1, signedOn: '2018-02-29' } },
        'updateProject.input.signedOn',
      ],
      [
        'a name of zero-width characters only',
        UPDATE,
        { input: { id: '530300-2018-0001', version: 1, name: '\u200B\u200D\uFEFF' } },
        'updateProject.input.name',
      ],
      [
        'an invalid timestamp in a filter',
        'query($f: ProjectFilter) { projectStats(filter: $f) { total } }',
        { f: { updatedSince: 'yesterday' } },
        'projectStats.filter.updatedSince',
      ],
    ];
    it.each(badCalls)(
      '%s is one BAD_USER_INPUT naming the field; no shard is called or blamed',
      async (_what, query, variables, field) => {
        const failedBefore = await failedShardCalls();
        const { status, body } = await postToGateway(suite.hub, query, variables, ADMIN);
        expect(status).toBe(400);
        expect(body.errors).toHaveLength(1);
        expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
        expect(body.errors![0].extensions).not.toHaveProperty('prefecture');
        expect(body.errors![0].extensions).not.toHaveProperty('http');
        expect(body.errors![0].message).toContain(field);
        expect(suite.proxy.queries).toBe(0);
        expect(await failedShardCalls()).toBe(failedBefore);
        expect(suite.hub.gateway.registry.all().map((s) => s.state)).toEqual(CODES.map(() => 'SERVING'));
      },
    );

    it('still lets a good date, Money and text through', async () => {
      const { body } = await postToGateway(
        suite.hub,
        'query($f: ProjectFilter) { projectStats(filter: $f) { total } }',
        {
          f: { signedFrom: '2012-02-29', text: '项目\t', industries: ['😀'] },
        },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data!.projectStats.total).toBe(0);
    });
  });
});
