import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  Kind,
  parse,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, TEST_USER_TOKENS, type HubHarness } from '../../bench/support/hub-harness.js';
import { ADMIN, ANALYST, officerOf, VIEWER } from '../../bench/support/hub-tokens.js';
import { mintUserToken } from '../../lib/auth/mint-user-token.js';
import { documentHashOf, documentIdOf, loadTrustedDocuments } from '../../schema/trusted-documents.js';
import { errorsWithCode, postBodyToGateway } from '../support/gateway-http.js';
import { trustedDocumentNamed } from '../support/trusted-documents.js';
import { GraphClient } from '../../lib/http/graph-client.js';

const CODES = ['530100', '530300'];
const MANIFEST = loadTrustedDocuments();
const AD_HOC = '{ projectStats { total } }';
const apq = (text: string) => ({ persistedQuery: { version: 1, sha256Hash: documentHashOf(text) } });

/** Codes that would mean the gateway did not accept or could not run a trusted document as written. */
const NOT_RUN = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'TRUSTED_DOCUMENT_REQUIRED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'INTERNAL_SERVER_ERROR',
];

/** Values the variables of the manifest's operations accept, by name where the type is not enough. */
const BY_NAME: Record<string, unknown> = { pattern: '0 2 * * *', timezone: 'Asia/Shanghai', code: '530100' };
const BY_TYPE: Record<string, unknown> = {
  ID: '530100-2018-0001',
  String: '530100',
  Int: 10,
  Float: 1,
  Boolean: false,
  LocalDate: '2026-10-31',
  Money: '1.00',
  DateTimeISO: '2026-10-31T00:00:00.000Z',
};

function sampleOf(type: GraphQLInputType): unknown {
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0].value;
  if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields()).filter(
      (f) => isNonNullType(f.type) && f.defaultValue === undefined,
    );
    return Object.fromEntries(fields.map((f) => [f.name, sampleOf(f.type)]));
  }
  if (!(named.name in BY_TYPE)) throw new Error(`no sample value for type ${named.name}: add one to BY_TYPE`);
  return BY_TYPE[named.name];
}

/** Values for the required variables of `text` (optional ones are left out, as the dashboard may). */
function sampleVariables(schema: GraphQLSchema, text: string): Record<string, unknown> {
  const operation = parse(text).definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION,
  ) as OperationDefinitionNode;
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.type.kind !== Kind.NON_NULL_TYPE) continue;
    const name = definition.variable.name.value;
    variables[name] =
      name in BY_NAME ? BY_NAME[name] : sampleOf(typeFromAST(schema, definition.type) as GraphQLInputType);
  }
  return variables;
}

describe('trusted documents at the gateway, TRUSTED_DOCUMENTS_ONLY on', () => {
  let hub: HubHarness;
  beforeAll(async () => {
    hub = await startHubHarness({ codes: CODES, gateway: { trustedDocumentsOnly: true } });
  }, 60_000);
  afterAll(() => hub?.close());

  it.each([
    ['a viewer', VIEWER],
    ['an officer', officerOf('530100')],
    ['an analyst', ANALYST],
  ])(
    'refuses an ad-hoc query from %s with TRUSTED_DOCUMENT_REQUIRED, HTTP 400, before anything runs',
    async (_, actor) => {
      const answer = await postBodyToGateway(hub, { query: AD_HOC }, actor);
      expect(answer.status).toBe(400);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors).toHaveLength(1);
      expect(answer.body.errors![0].extensions).toMatchObject({ code: 'TRUSTED_DOCUMENT_REQUIRED' });
      expect(answer.body.errors![0].message).toMatch(/only trusted documents/);
    },
  );

  it('refuses an ad-hoc query sent by GET as well', async () => {
    const token = await mintUserToken(VIEWER, TEST_USER_TOKENS);
    const response = await fetch(`${hub.gatewayUrl}?query=${encodeURIComponent(AD_HOC)}`, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
  });

  it('runs every document of the manifest, by hash, for a viewer and an analyst, without validation errors', async () => {
    const schema = buildSchema(readFileSync('schema/api.graphql', 'utf8'));
    expect(Object.keys(MANIFEST).length).toBeGreaterThan(10);
    for (const [id, text] of Object.entries(MANIFEST)) {
      const variables = sampleVariables(schema, text);
      for (const actor of [VIEWER, ANALYST]) {
        const answer = await postBodyToGateway(hub, { extensions: apq(text), variables }, actor);
        const refused = (answer.body.errors ?? []).filter((e) => NOT_RUN.includes(e.extensions?.code));
        expect(refused, `${id} as ${actor.role}: ${text.slice(0, 60)}`).toEqual([]);
        expect(answer.status, `${id} as ${actor.role}`).toBe(200);
      }
    }
  });

  it('accepts the same document as `documentId` and as its exact text', async () => {
    const live = trustedDocumentNamed('PrefectureLive');
    const byId = await postBodyToGateway(hub, { documentId: documentIdOf(live), variables: {} });
    const byText = await postBodyToGateway(hub, { query: live, variables: {} });
    for (const answer of [byId, byText]) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data?.projectStats.signed).toEqual(expect.any(Number));
    }
  });

  it('lets an admin send an ad-hoc query', async () => {
    const answer = await postBodyToGateway(hub, { query: AD_HOC }, ADMIN);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.projectStats.total).toEqual(expect.any(Number));
  });

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, HTTP 400, and never registers one', async () => {
    const unknown = await postBodyToGateway(hub, { extensions: apq(AD_HOC) }, ADMIN);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors![0]).toMatchObject({
      message: expect.stringMatching(/^unknown document id sha256:[0-9a-f]{64}/),
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', documentId: documentIdOf(AD_HOC) },
    });
    // APQ's registration (hash + text) is no way in: the manifest is the only source of hashes.
    const register = await postBodyToGateway(hub, { query: AD_HOC, extensions: apq(AD_HOC) }, ADMIN);
    expect(errorsWithCode(register.body, 'PERSISTED_QUERY_NOT_FOUND')).toHaveLength(1);
    const again = await postBodyToGateway(hub, { documentId: documentIdOf(AD_HOC) }, VIEWER);
    expect(again.status).toBe(400);
    expect(again.body.errors![0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('does not count a refused document as a server failure', async () => {
    await postBodyToGateway(hub, { documentId: `sha256:${'0'.repeat(64)}` });
    await postBodyToGateway(hub, { query: AD_HOC });
    const metrics = await (await fetch(new URL('/metrics', hub.gatewayUrl))).text();
    expect(metrics).toMatch(/http_request_duration_seconds_count\{route="\/graphql",method="POST",status="400"\} \d+/);
    expect(metrics).not.toMatch(/status="5\d\d"/);
  });

  it('runs a trusted id only with the manifest’s text: another text under it is refused, nothing runs', async () => {
    const live = trustedDocumentNamed('PrefectureLive');
    const smuggled = '{ projects(first: 500) { edges { node { id investorName agreedInvestment } } } }';
    for (const body of [
      { documentId: documentIdOf(live), query: smuggled },
      { extensions: apq(live), query: smuggled },
    ]) {
      const answer = await postBodyToGateway(hub, body, VIEWER);
      expect(answer.status).toBe(400);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors![0]).toMatchObject({
        message: expect.stringContaining('differs from the text of trusted document'),
        extensions: { code: 'BAD_USER_INPUT', field: 'query' },
      });
    }
  });

  it('names what is wrong in a malformed document id', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ documentId: 'md5:abc' }, 'documentId'],
      [
        { extensions: { persistedQuery: { version: 2, sha256Hash: '0'.repeat(64) } } },
        'extensions.persistedQuery.version',
      ],
      [{ extensions: { persistedQuery: { version: 1, sha256Hash: 'ABC' } } }, 'extensions.persistedQuery.sha256Hash'],
      [
        {
          documentId: `sha256:${'1'.repeat(64)}`,
          extensions: { persistedQuery: { version: 1, sha256Hash: '2'.repeat(64) } },
        },
        'documentId',
      ],
    ];
    for (const [body, field] of cases) {
      const answer = await postBodyToGateway(hub, body, VIEWER);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('serves the dashboard the manifest’s document → hash map, nothing else', async () => {
    const response = await fetch(new URL('/dashboard/trusted-documents.json', hub.gatewayUrl));
    expect(response.status).toBe(200);
    const hashes = (await response.json()) as Record<string, string>;
    expect(Object.entries(hashes).map(([text, hash]) => [`sha256:${hash}`, text])).toEqual(
      Object.entries(MANIFEST)
        .map(([id, text]) => [id, text])
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    for (const [text, hash] of Object.entries(hashes)) expect(documentHashOf(text)).toBe(hash);
  });
});

describe('a trusted document over a partial hub', () => {
  let hub: HubHarness;
  beforeAll(async () => {
    hub = await startHubHarness({ codes: CODES, gateway: { trustedDocumentsOnly: true } });
  }, 60_000);
  afterAll(() => hub?.close());

  it('answers by hash with the other prefectures’ data and PREFECTURE_UNAVAILABLE for the one down', async () => {
    await hub.stopShard('530300');
    const answer = await postBodyToGateway(hub, {
      extensions: apq(trustedDocumentNamed('PrefectureLive')),
      variables: {},
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data?.projectStats.signed).toEqual(expect.any(Number));
    expect(errorsWithCode(answer.body, 'PREFECTURE_UNAVAILABLE').map((e) => e.extensions?.prefecture)).toEqual([
      '530300',
    ]);
  });
});

describe('trusted documents at the gateway, TRUSTED_DOCUMENTS_ONLY off (development)', () => {
  let hub: HubHarness;
  beforeAll(async () => {
    hub = await startHubHarness({ codes: CODES.slice(0, 1), gateway: { trustedDocumentsOnly: false } });
  }, 60_000);
  afterAll(() => hub?.close());

  it('runs a viewer’s ad-hoc query and still resolves trusted ids', async () => {
    const adHoc = await postBodyToGateway(hub, { query: AD_HOC }, VIEWER);
    expect(adHoc.status).toBe(200);
    expect(adHoc.body.errors).toBeUndefined();
    const byId = await postBodyToGateway(
      hub,
      { documentId: documentIdOf(trustedDocumentNamed('PrefectureLive')) },
      VIEWER,
    );
    expect(byId.body.errors).toBeUndefined();
    expect(byId.body.data?.projectStats).toBeDefined();
  });
});

describe('a client whose document the gateway’s manifest lacks (a stale build)', () => {
  let lenient: HubHarness;
  let strict: HubHarness;
  beforeAll(async () => {
    [lenient, strict] = await Promise.all([
      startHubHarness({ codes: CODES.slice(0, 1), gateway: { trustedDocumentsOnly: false, trustedDocuments: {} } }),
      startHubHarness({ codes: CODES.slice(0, 1), gateway: { trustedDocumentsOnly: true, trustedDocuments: {} } }),
    ]);
  }, 60_000);
  afterAll(() => Promise.all([lenient?.close(), strict?.close()]));

  it('sends the text after PERSISTED_QUERY_NOT_FOUND: runs in development, refused by name where only trusted ones run', async () => {
    const live = trustedDocumentNamed('PrefectureLive');
    const client = async (hub: HubHarness) => new GraphClient(hub.gatewayUrl, await hub.tokenFor(ANALYST));
    const answer = await (await client(lenient)).request<{ projectStats: { signed: number } }>(live);
    expect(answer.projectStats.signed).toEqual(expect.any(Number));
    await expect((await client(strict)).request(live)).rejects.toThrow(/^TRUSTED_DOCUMENT_REQUIRED: /);
  });
});
