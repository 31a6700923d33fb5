/**
 * A bounded fuzzer for the gateway: random GraphQL documents (mangled from real ones), random
 * variables and random bodies, sent to a gateway on loopback for a fixed time. It reports what
 * came back; callers decide what is acceptable (no 5xx, nothing written).
 */
const SEEDS = [
  '{ projectStats { total signed byStage { preparing } agreedInvestment } }',
  'query($f: ProjectFilter, $n: Int!, $a: String) { projects(filter: $f, first: $n, after: $a) { totalCount edges { cursor node { id name stage prefecture { nameZh } } } pageInfo { endCursor } } }',
  'query($id: ID!) { project(id: $id) { id name history { kind } obstacles { category } stall { rule } } }',
  '{ prefectures { code nameZh shard { state } projectStats { total } metrics { signed performanceRate { percent } } } }',
  'query($c: CohortInput) { metrics(cohort: $c) { signed startRate { percent } missingPrefectures } }',
  '{ stalledProjects(first: 5) { totalCount items { rule severity project { name } } } }',
  'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }',
  'mutation($input: UpdateProjectInput!) { updateProject(input: $input) { id version } }',
  'mutation($input: RecordFundingInput!) { recordFunding(input: $input) { id } }',
  'mutation { runMetrics(asOf: "2026-10-31") { id } }',
  '{ projects(first: 1, filter: { signedFrom: "2012-02-30", text: "a\\u0000" }) { totalCount } }',
  'mutation($id: ID!) { changeProjectStage(input: ' +
    '{ projectId: $id, version: 1, stage: SIGNED, reason: "\\u200B" }) { id } }',
  'mutation($id: ID!) { recordFunding(input: { projectId: $id, receivedOn: "2019-02-29", amount: "12.345" }) { id } }',
  'mutation($c: String!, $u: String!) { registerPrefectureShard(code: $c, url: $u) { code } }',
];

const PLAIN_TEXTS = ['530100', '530100-2018-0001', '999999-2018-0001', '2099-13-45', '1e999', ''];
/** Text no part of the hub may store or choke on: NUL, other controls, lone surrogates, invisible-only. */
const HOSTILE_TEXTS = ['a\u0000b', '\u0007bell', '\uD800', 'x\uDC00y', '\u200B\u200C\u200D', '\u2060\uFEFF', ' \u3000'];
const FIELD_NAMES = [
  'prefectureCode',
  'id',
  'name',
  'stages',
  'first',
  'amount',
  'projectId',
  'version',
  'x',
  '__proto__',
  'text',
  'signedFrom',
  'signedTo',
  'industries',
  'agreedInvestment',
  'investorName',
  'industry',
  'reason',
  'receivedOn',
];

const PIECES = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '$x',
  '...',
  'on',
  'Project',
  '__typename',
  '__schema',
  'null',
  '"',
  '\\u0000',
  '9'.repeat(40),
  '@skip(if: true)',
  'query',
  'mutation',
  'fragment F on Query { __typename }',
  '#',
];

class Random {
  constructor(private state: number) {}
  next(): number {
    // mulberry32: small, seeded, good enough to pick cases.
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

function randomValue(random: Random, depth = 0): unknown {
  switch (random.int(depth > 2 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return random.int(2) ? random.int(1000) : -random.next() * 1e300;
    case 2:
      return random.pick([...PLAIN_TEXTS, 'x'.repeat(random.int(5000)), ...HOSTILE_TEXTS]);
    case 3:
      return random.int(2) === 0;
    case 4:
      return random.pick(['SIGNED', 'TERMINATED', 'NOPE', 'ID_ASC', 'PROVINCIAL_MAJOR_EVENT']);
    case 5:
      return random.pick(['1234567.891', '12.345', '1e9', '2012-02-30', '2019-02-29']);
    case 6:
      return Array.from({ length: random.int(5) }, () => randomValue(random, depth + 1));
    default: {
      const entry = () => [random.pick(FIELD_NAMES), randomValue(random, depth + 1)];
      const entries = Array.from({ length: random.int(6) }, entry);
      return Object.fromEntries(entries);
    }
  }
}

function mangle(random: Random, document: string): string {
  let text = document;
  for (let edits = random.int(4); edits > 0; edits--) {
    const at = random.int(text.length + 1);
    switch (random.int(3)) {
      case 0:
        text = text.slice(0, at) + random.pick(PIECES) + text.slice(at);
        break;
      case 1:
        text = text.slice(0, at) + text.slice(at + 1 + random.int(8));
        break;
      default:
        text = text.slice(0, at) + text.slice(at).replace(/\w+/, random.pick(['project', 'projects', 'secret', 'x']));
        break;
    }
  }
  return text;
}

/** One random request body. */
function randomBody(random: Random): string {
  const roll = random.int(10);
  if (roll === 0)
    return random.pick([
      '',
      'null',
      '[]',
      '{"query":',
      '{"query": 42}',
      JSON.stringify([{ query: '{ projectStats { total } }' }]),
    ]);
  const document = roll < 4 ? random.pick(SEEDS) : mangle(random, random.pick(SEEDS));
  const variables = Object.fromEntries(
    ['f', 'n', 'a', 'id', 'c', 'input', 'u'].map((name) => [name, randomValue(random)]),
  );
  return JSON.stringify({ query: document, variables: random.int(5) === 0 ? randomValue(random) : variables });
}

export interface FuzzReport {
  readonly requests: number;
  readonly byStatus: Record<string, number>;
  readonly byErrorCode: Record<string, number>;
  readonly serverErrors: { status: number; body: string; request: string }[];
}

/** Sends random requests for `durationMs` with `concurrency` clients; stops by itself. */
export async function fuzzGateway(
  url: string,
  token: string,
  options: { durationMs: number; concurrency: number; seed: number },
): Promise<FuzzReport> {
  const deadline = Date.now() + options.durationMs;
  const report = {
    requests: 0,
    byStatus: {} as Record<string, number>,
    byErrorCode: {} as Record<string, number>,
    serverErrors: [] as FuzzReport['serverErrors'],
  };
  const client = async (id: number) => {
    const random = new Random(options.seed + id * 7919);
    while (Date.now() < deadline) {
      const body = randomBody(random);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      const text = await response.text();
      report.requests++;
      report.byStatus[response.status] = (report.byStatus[response.status] ?? 0) + 1;
      try {
        for (const error of (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors ?? []) {
          const code = error.extensions?.code ?? 'NONE';
          report.byErrorCode[code] = (report.byErrorCode[code] ?? 0) + 1;
        }
      } catch {
        report.byErrorCode.NOT_JSON = (report.byErrorCode.NOT_JSON ?? 0) + 1;
      }
      if (response.status >= 500 || text.includes('INTERNAL_SERVER_ERROR'))
        report.serverErrors.push({ status: response.status, body: text.slice(0, 500), request: body.slice(0, 500) });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => client(i)));
  return report;
}
