// Who may read and write which namespace, for every example that holds data.
//
// Requests carry `Authorization: Bearer <token>`. The secret TOKENS is JSON
// mapping the SHA-256 hex of each token to { namespaces: string[] | "*",
// write: boolean, admin?: boolean }: hashes are stored, never tokens, and a
// presented token's hash is compared with every stored hash in constant
// time. No token or an unknown one: 401. A namespace outside the token's
// list, a write with a read-only token, an operator endpoint without admin:
// 403. A request without a namespace means the token's first namespace
// ("" for "*"), never every namespace. Without TOKENS the examples refuse
// data requests and say how to set it.
//
// `simgate token --namespaces a,b --write` prints a new token and its line.

const encoder = new TextEncoder();

/** An answer the examples send as is: status, JSON body, headers. */
export class HttpError extends Error {
  constructor(status, message, headers = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

const NOT_CONFIGURED = 'this Worker has no TOKENS secret, so it serves no data: set it with `wrangler secret put TOKENS` '
  + '(deployed) or a TOKENS line in .dev.vars (wrangler dev); `npx simgate token --namespaces NAME --write` prints a token and its line';

/** TOKENS parsed and checked, per isolate (a changed secret is parsed again). */
let parsed = { text: null, table: null };

function tableOf(env) {
  const text = env.TOKENS;
  if (typeof text !== 'string' || !text.trim()) throw new HttpError(503, NOT_CONFIGURED);
  if (parsed.text === text) return parsed.table;
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new HttpError(503, `TOKENS is not JSON (${e.message}); it maps SHA-256 hex hashes to { namespaces, write, admin? }`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new HttpError(503, 'TOKENS must be a JSON object mapping SHA-256 hex hashes to { namespaces, write, admin? }');
  const table = [];
  for (const [hash, grant] of Object.entries(raw)) {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new HttpError(503, `TOKENS key "${hash.slice(0, 16)}..." is not a SHA-256 hex hash (64 lowercase hex digits)`);
    const ok = grant && typeof grant === 'object'
      && (grant.namespaces === '*' || (Array.isArray(grant.namespaces) && grant.namespaces.length > 0 && grant.namespaces.every((n) => typeof n === 'string')))
      && typeof grant.write === 'boolean' && (grant.admin === undefined || typeof grant.admin === 'boolean');
    if (!ok) throw new HttpError(503, `TOKENS entry ${hash.slice(0, 12)}... must be { namespaces: string[] (at least one) or "*", write: boolean, admin?: boolean }`);
    table.push({ hash: encoder.encode(hash), grant });
  }
  if (!table.length) throw new HttpError(503, NOT_CONFIGURED);
  parsed = { text, table };
  return table;
}

async function sha256Hex(text) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Equal-length byte arrays compared without an early exit. */
function same(a, b) {
  if (typeof crypto.subtle.timingSafeEqual === 'function') return crypto.subtle.timingSafeEqual(a, b);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/**
 * The request's bearer token, checked against TOKENS and for what the
 * endpoint needs (`write`, `admin`): `{ grant, namespace(requested) }`,
 * where `namespace` gives the namespace to use for the one the request
 * names (or undefined: the token's first) or throws 403. An HttpError
 * otherwise. Check before reading the body: a stranger costs a hash.
 */
export async function authorize(request, env, { write = false, admin = false } = {}) {
  const table = tableOf(env);
  const header = request.headers.get('authorization') ?? '';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const challenge = { 'www-authenticate': 'Bearer' };
  if (!m) throw new HttpError(401, 'send Authorization: Bearer <token>', challenge);
  const presented = encoder.encode(await sha256Hex(m[1]));
  let grant = null;
  // Every stored hash is compared, match or not: the time does not say which matched.
  for (const entry of table) if (same(entry.hash, presented)) grant = entry.grant;
  if (!grant) throw new HttpError(401, 'the token is not one this Worker knows', challenge);
  if (admin && grant.admin !== true) throw new HttpError(403, 'this endpoint needs a token with admin: true');
  if (write && !grant.write) throw new HttpError(403, 'this token is read-only; writes need a token with write: true');
  const all = grant.namespaces === '*';
  return {
    grant,
    namespace(requested) {
      if (requested !== undefined && typeof requested !== 'string') throw new HttpError(400, `namespace must be a string, got ${typeof requested}`);
      const chosen = requested ?? (all ? '' : grant.namespaces[0]);
      if (!all && !grant.namespaces.includes(chosen)) throw new HttpError(403, `this token may not use namespace "${chosen}"`);
      return chosen;
    },
  };
}

/** A JSON answer for an HttpError (its status and headers). */
export function errorResponse(e) {
  return Response.json({ error: e.message }, { status: e.status, headers: e.headers });
}
