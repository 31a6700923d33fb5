import { request as httpRequest } from 'node:http';

/**
 * POSTs `body` with node:http, which sends a header given as an array as that many header lines
 * (fetch joins them into one "a, b" line): how a client's repeated header really arrives.
 */
export function rawPost(
  url: URL,
  headers: Record<string, string | string[]>,
  body: string | Buffer,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST' }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    for (const [name, value] of Object.entries(headers)) req.setHeader(name, value);
    req.end(body);
  });
}
