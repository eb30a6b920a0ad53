// The console's sign-in: a token kept in sessionStorage (gone when the tab closes, never in a URL),
// its claims read for display only (the edge verifies the signature; the console cannot and does
// not try), and, in the local stack, demo tokens offered by the edge when it runs in demo mode.

const TOKEN_KEY = 'incident-console.token';

export class TokenStore {
  /** @param {Storage} storage sessionStorage */
  constructor(storage) {
    this.storage = storage;
  }

  get() {
    try {
      return this.storage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  }

  set(token) {
    this.storage.setItem(TOKEN_KEY, token);
  }

  clear() {
    try {
      this.storage.removeItem(TOKEN_KEY);
    } catch {
      // storage disabled: nothing stored
    }
  }
}

/**
 * The payload of a JWT (agency_id, roles, exp), unverified; null when it is not a JWT.
 * Used to say who is signed in and to refuse an already expired token before connecting.
 */
export function decodeClaims(token) {
  if (typeof token !== 'string') return null;
  const parts = token.trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
    const json = new TextDecoder().decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

/** Why a pasted token cannot work, or null when it may (the edge decides the rest). */
export function tokenProblem(token, nowMs) {
  const claims = decodeClaims(token);
  if (!claims) return 'This is not a console token (a JWT of three dot-separated parts).';
  if (typeof claims.agency_id !== 'string') return 'The token names no agency (agency_id).';
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= nowMs) return 'The token has expired.';
  return null;
}

/**
 * Demo tokens from the edge, when it offers them: GET /api/demo/tokens answering
 * {"tokens": [{"label": "sffd", "agency_id": "sffd", "roles": ["dispatcher"], "token": "..."}]}.
 * Any other answer (404 outside demo mode, an error) means "no picker": paste a token instead.
 */
export async function fetchDemoTokens(fetchImpl, url = '/api/demo/tokens') {
  try {
    const res = await fetchImpl(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!res.ok) return [];
    const body = await res.json();
    const list = Array.isArray(body?.tokens) ? body.tokens : [];
    return list.filter((t) => t && typeof t.token === 'string' && typeof t.agency_id === 'string')
      .map((t) => ({
        label: typeof t.label === 'string' ? t.label : t.agency_id,
        agency_id: t.agency_id,
        roles: Array.isArray(t.roles) ? t.roles : [],
        token: t.token,
      }));
  } catch {
    return [];
  }
}
