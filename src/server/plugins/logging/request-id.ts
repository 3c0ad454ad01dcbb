/** The per-request correlation id: the caller's X-Request-Id when sane, else a fresh UUID. */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Short and log-safe: no spaces, quotes or control characters can ride into log lines. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Returns the `X-Request-Id` header if it is ≤ 128 chars of [A-Za-z0-9._:-], else a random UUID. */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const value = headers['x-request-id'];
  return typeof value === 'string' && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}
