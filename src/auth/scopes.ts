/**
 * The scope claim of a verified token, read strictly. Scopes grant access, so a claim in a shape
 * we do not expect makes the token invalid instead of being half-read (a non-breaking space
 * splitting "openid\u00a0profiles:read" into a grant, say).
 */

/** Where scopes are: `scope` (RFC 8693 §4.2 / RFC 9068 §2.2.3) or `scp` (some identity providers). */
export type ScopeClaim = 'scope' | 'scp';

export type ScopesResult = { ok: true; scopes: Set<string> } | { ok: false; reason: string };

/** RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * - `scope`: a string of scope tokens separated by U+0020 only (repeated spaces are harmless and
 *   skipped; "" is no scopes);
 * - `scp`: an array of scope-token strings.
 * The other claim is not read. An absent claim means no scopes.
 */
export function readScopes(payload: Record<string, unknown>, claim: ScopeClaim): ScopesResult {
  const value = payload[claim];
  if (value === undefined) return { ok: true, scopes: new Set() };
  const tokens = claim === 'scope' ? splitScopeString(value) : value;
  if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'string' && SCOPE_TOKEN.test(t))) {
    return { ok: false, reason: MALFORMED[claim] };
  }
  return { ok: true, scopes: new Set(tokens as string[]) };
}

/** Why `scopes` cannot be sent in a scope claim, or undefined: tokens minted here must pass `readScopes`. */
export function scopeTokenProblem(scopes: readonly string[]): string | undefined {
  return scopes.every((s) => SCOPE_TOKEN.test(s)) ? undefined : 'scopes are printable ASCII without spaces, quotes or backslashes';
}

const MALFORMED: Record<ScopeClaim, string> = {
  scope: 'invalid "scope" claim: expected space-separated scopes',
  scp: 'invalid "scp" claim: expected an array of scopes',
};

function splitScopeString(value: unknown): string[] | undefined {
  return typeof value === 'string' ? value.split(' ').filter((t) => t !== '') : undefined;
}
