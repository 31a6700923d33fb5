/** A tiny GraphQL client for the CLI: POST with a bearer token, errors become exceptions. */
export class GraphClient {
  constructor(private readonly url: string, private readonly token: string) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new Error(`the gateway is not reachable at ${this.url} (${(error as Error).message}); is the hub running (npm start)?`);
    }
    const body = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } | null;
    if (!body) throw new Error(`the gateway answered HTTP ${response.status} without JSON`);
    if (body.errors?.length) {
      throw new Error(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n'));
    }
    return body.data as T;
  }
}
