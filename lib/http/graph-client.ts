import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../errors.js';
import { sendTrustedDocument, type GraphQLRequestBody } from '../graphql/trusted-document-request.js';

interface GraphAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Sends of a write after the first, when its outcome is unknown (same key: applied at most once). */
const WRITE_RETRIES = 2;

/**
 * A tiny GraphQL client for the CLI: POST with a bearer token, errors become exceptions. Documents
 * are gql-tagged operations of the trusted-document manifest and go out as their hash. A mutation
 * goes out with an Idempotency-Key and is sent again with the same key when the gateway cannot tell
 * whether it was applied (WRITE_OUTCOME_UNKNOWN) or the connection failed.
 */
export class GraphClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  /** Runs `document`, a gql-tagged operation (its hash is sent; the manifest holds its text). */
  async request<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
    if (!/^\s*mutation\b/.test(document)) return dataOf(await this.post<T>(document, variables, {}));
    const headers = { 'idempotency-key': randomUUID() };
    for (let attempt = 0; ; attempt++) {
      const last = attempt === WRITE_RETRIES;
      let answer: GraphAnswer<T>;
      try {
        answer = await this.post<T>(document, variables, headers);
      } catch (error) {
        if (last) throw error;
        continue;
      }
      const unknown = answer.errors?.some((e) => e.extensions?.code === ErrorCode.WRITE_OUTCOME_UNKNOWN);
      if (last || !unknown) return dataOf(answer);
    }
  }

  private post<T>(
    document: string,
    variables: Record<string, unknown>,
    headers: Record<string, string>,
  ): Promise<GraphAnswer<T>> {
    return sendTrustedDocument((body) => this.postOnce<T>(body, headers), document, variables);
  }

  private async postOnce<T>(body: GraphQLRequestBody, headers: Record<string, string>): Promise<GraphAnswer<T>> {
    const response = await fetchFromGateway(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}`, ...headers },
      body: JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => null)) as GraphAnswer<T> | null;
    if (!answer) throw new Error(`the gateway answered HTTP ${response.status} without JSON`);
    return answer;
  }
}

function dataOf<T>(answer: GraphAnswer<T>): T {
  if (answer.errors?.length) {
    throw new Error(answer.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n'));
  }
  return answer.data as T;
}

/** fetch(), with a failure to connect said as what it means to a command-line user. */
export async function fetchFromGateway(url: string | URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
    const reason = cause ? `${(error as Error).message}: ${cause}` : (error as Error).message;
    throw new Error(`the gateway is not reachable at ${String(url)} (${reason}); is the hub running (npm start)?`, {
      cause: error,
    });
  }
}
