import { currentLogScope, REQUEST_ID_HEADER, REQUEST_ID_PATTERN } from '../../lib/observability/log-scope.js';
import { parseYuan } from '../../schema/contract/money.js';
import type { ProjectFacts } from '../../lib/metrics-rules/index.js';
import { gql } from '../../lib/graphql/gql.js';
import { sendTrustedDocument, type GraphQLRequestBody } from '../../lib/graphql/trusted-document-request.js';

/** Where and how a worker reads prefecture facts: through the provincial graph (the gateway). */
export interface FactsReaderOptions {
  readonly gatewayUrl: string;
  /** Bearer token of the worker's service identity. */
  readonly token: () => Promise<string>;
  /** Rows per page; the contract allows up to 500. */
  readonly pageSize: number;
  /** Per-request timeout, ms. */
  readonly timeoutMs: number;
}

/** A read that failed; the job retries it (BullMQ backoff). */
class FactsReadError extends Error {}

const FACTS_QUERY = gql`
  query MetricFacts($code: String!, $first: Int!, $after: String) {
    projects(filter: { prefectures: [$code] }, first: $first, after: $after, orderBy: ID_ASC) {
      edges {
        node {
          id
          prefectureCode
          stage
          cohortYear
          signingLevel
          eventKind
          industry
          signedOn
          agreedInvestment
          fundsInPlace
          plannedRegistrationOn
          actualRegistrationOn
          plannedStartOn
          actualStartOn
          stageChangedAt
          createdAt
          latestReportPeriod
          openObstacles: obstacles(openOnly: true) {
            id
            category
            raisedOn
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

interface FactsNode extends Omit<ProjectFacts, 'agreedInvestment' | 'fundsInPlace'> {
  agreedInvestment: string;
  fundsInPlace: string;
}

/**
 * Reads one prefecture's projects page by page (keyset, id order) through the gateway: the worker
 * never touches a prefecture's database. Any error naming the prefecture (its shard down, slow,
 * excluded) fails the read, so the job retries instead of computing metrics from half the data.
 */
export async function* readPrefectureFacts(
  options: FactsReaderOptions,
  prefectureCode: string,
): AsyncGenerator<ProjectFacts[]> {
  let after: string | null = null;
  for (;;) {
    const body = await post(options, { code: prefectureCode, first: options.pageSize, after });
    const connection = body.data!.projects;
    yield connection.edges.map(({ node }) => ({
      ...node,
      agreedInvestment: parseYuan(node.agreedInvestment),
      fundsInPlace: parseYuan(node.fundsInPlace),
    }));
    if (!connection.pageInfo.hasNextPage) return;
    after = connection.pageInfo.endCursor;
  }
}

interface FactsResponse {
  data?: {
    projects: { edges: { node: FactsNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * The job's request id (an analyst's run request) or else its run id goes to the gateway as
 * `x-request-id`, so the gateway's and the shards' log lines of this read name the run.
 */
function traceHeaders(): Record<string, string> {
  const scope = currentLogScope();
  const id = scope?.requestId ?? scope?.runId;
  return id && REQUEST_ID_PATTERN.test(id) ? { [REQUEST_ID_HEADER]: id } : {};
}

async function post(options: FactsReaderOptions, variables: Record<string, unknown>): Promise<FactsResponse> {
  const body = await sendTrustedDocument((request) => postOnce(options, request), FACTS_QUERY, variables);
  if (body.errors?.length || !body.data?.projects) {
    const first = body.errors?.[0];
    throw new FactsReadError(
      `gateway refused the read: ${first?.extensions?.code ?? 'ERROR'} ${first?.message ?? 'no data'}`,
    );
  }
  return body;
}

async function postOnce(options: FactsReaderOptions, request: GraphQLRequestBody): Promise<FactsResponse> {
  let response: Response;
  try {
    response = await fetch(options.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await options.token()}`,
        ...traceHeaders(),
      },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new FactsReadError(`gateway unreachable at ${options.gatewayUrl}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => null)) as FactsResponse | null;
  if (!body) throw new FactsReadError(`gateway answered HTTP ${response.status} without a JSON body`);
  return body;
}
