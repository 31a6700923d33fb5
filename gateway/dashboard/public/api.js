// The only way the page reads data: POST /graphql on this origin with the viewer's token.

const TOKEN_KEY = 'dashboard.token';

/** Moves a `?token=` of the address into this tab's session storage and out of the address bar and history. */
export function adoptTokenFromUrl() {
  const url = new URL(location.href);
  const given = url.searchParams.get('token');
  if (given === null) return;
  if (given.trim()) sessionStorage.setItem(TOKEN_KEY, given.trim());
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url);
}

export const token = () => sessionStorage.getItem(TOKEN_KEY);

/**
 * Who the token says the reader is ({ role, prefecture }), read from its payload for the first view
 * only (officers land on their prefecture). Not a check: the gateway verifies the token on every call.
 */
export function tokenClaims() {
  try {
    const payload = (token() ?? '').split('.')[1];
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
    return { role: String(claims.role ?? ''), prefecture: claims.prefecture ? String(claims.prefecture) : null };
  } catch {
    return { role: '', prefecture: null };
  }
}
export const setToken = (value) => sessionStorage.setItem(TOKEN_KEY, value.trim().replace(/^Bearer\s+/i, ''));
export const clearToken = () => sessionStorage.removeItem(TOKEN_KEY);

/** The gateway refused the token (missing, invalid or expired). */
export class AuthError extends Error {}

/**
 * Marks a GraphQL document: gql`query Name($x: T) { … }`, variables only and never interpolated, so
 * every document the page can send is fixed text a build step can list (trusted documents).
 */
export const gql = (strings) => strings.raw.join('');

/**
 * Runs a query. Returns the data with the prefectures the gateway reported unavailable (their data
 * is missing from a partial answer) and any other errors; throws when there is no data at all.
 */
export async function graphql(query, variables = {}) {
  return answerOf(await post(query, variables));
}

/** POSTs an operation; resolves with the HTTP status and the JSON body, throws when there is none. */
async function post(query, variables) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token() ?? ''}` },
    body: JSON.stringify({ query, variables }),
  });
  try {
    return { status: response.status, body: await response.json() };
  } catch {
    throw new Error(`HTTP ${response.status}`);
  }
}

function answerOf({ status, body }) {
  const errors = body.errors ?? [];
  if (status === 401 || errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
    throw new AuthError(errors[0]?.message ?? 'unauthenticated');
  }
  const unavailable = new Set();
  const other = [];
  for (const error of errors) {
    if (error.extensions?.code === 'PREFECTURE_UNAVAILABLE' && error.extensions.prefecture)
      unavailable.add(error.extensions.prefecture);
    else other.push(error);
  }
  if (!body.data) throw new Error(other[0]?.message ?? `HTTP ${status}`);
  return { data: body.data, unavailable, errors: other };
}
