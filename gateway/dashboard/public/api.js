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
 * The tag of every operation of the page: a template literal of `query Name(…) { … }` right
 * after "gql", literal text without interpolation, so `npm run documents:build` finds it in the
 * source and puts it byte for byte in the trusted-document manifest (README, "Trusted documents").
 */
export const gql = (strings, ...interpolations) => {
  if (interpolations.length) throw new TypeError('gql documents take no ${…} interpolations: use variables');
  return strings.raw[0];
};

// The manifest's document → hash map, read once: a known document goes out as its hash (all a
// gateway with TRUSTED_DOCUMENTS_ONLY accepts from viewers); any other as its text (development).
let hashes;
const hashOf = async (query) => {
  hashes ??= fetch('/dashboard/trusted-documents.json')
    .then((response) => (response.ok ? response.json() : {}))
    .catch(() => ({}));
  return (await hashes)[query];
};

/**
 * Runs a query. Returns the data with the prefectures the gateway reported unavailable (their data
 * is missing from a partial answer) and any other errors; throws when there is no data at all.
 */
export async function graphql(query, variables = {}) {
  return answerOf(await post(query, variables));
}

/** POSTs an operation; resolves with the HTTP status and the JSON body, throws when there is none. */
async function post(query, variables) {
  const sha256Hash = await hashOf(query);
  if (sha256Hash) {
    const answer = await send({ extensions: { persistedQuery: { version: 1, sha256Hash } }, variables });
    // A gateway with another manifest ran nothing: send the text instead.
    if (!answer.body.errors?.some((e) => e.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND')) return answer;
  }
  return send({ query, variables });
}

async function send(request) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token() ?? ''}` },
    body: JSON.stringify(request),
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
