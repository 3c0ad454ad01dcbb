/** Extracts the token from an `Authorization: Bearer <token>` header, without judging the token. */

/** The reasons say what to send: the first thing a newcomer sees is one of these. */
export const MISSING_TOKEN = 'missing token: send `Authorization: Bearer <JWT>`';
export const MALFORMED_HEADER = 'malformed Authorization header: expected `Bearer <JWT>`';

/** Either the compact token or a reason fit for `Principal.authError` (never echoes the header). */
export type BearerResult = { ok: true; token: string } | { ok: false; reason: string };

/** Parses the header value; the scheme is case-insensitive (RFC 9110 §11.1). */
export function bearerToken(header: string | undefined): BearerResult {
  if (header === undefined || header.trim() === '') return { ok: false, reason: MISSING_TOKEN };
  const match = /^\s*Bearer +([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
  if (!match) return { ok: false, reason: MALFORMED_HEADER };
  const token = match[1];
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed token' };
  return { ok: true, token };
}

/** Longer than any sane JWT; stops a huge header from reaching the crypto. */
const MAX_TOKEN_LENGTH = 8192;
