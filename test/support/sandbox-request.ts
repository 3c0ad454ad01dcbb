/**
 * A raw, signed IXOPAY request for tests: builds exactly the headers a client sends (Basic auth,
 * Date/X-Date, X-Signature over the exact body bytes) and lets a test override or drop any of
 * them. Works with base URLs that carry a path prefix (the prefix is part of the signed URI).
 */
import { request } from 'undici';
import { formatHttpDate, sign, type BodyHashAlgorithm } from '../../src/ixopay/signature';

export interface RequestCredentials {
  username: string;
  password: string;
  sharedSecret: string;
}

export interface SignedRequestOptions {
  /** Path (and optional `?query`) below the base URL, e.g. `/api/v3/customerProfiles/key/getProfile`. */
  path: string;
  /** Sent verbatim when a string; objects are JSON.stringify'd. Default `{}`. */
  body?: string | object;
  credentials: RequestCredentials;
  /** Default POST. */
  method?: string;
  /** Default sha512. */
  bodyHash?: BodyHashAlgorithm;
  /** Default GMT. */
  dateSuffix?: 'GMT' | 'UTC';
  /** Default now. */
  date?: Date;
  /** Default `application/json; charset=utf-8`. */
  contentType?: string;
  /** Sign these bytes instead of the body (to fake a tampered body). */
  signedBody?: string;
  /** Header overrides, applied last; `null` removes a header. Names are case-insensitive. */
  headers?: Record<string, string | null>;
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = any>(): T;
}

/** Sends one signed request and reads the whole response. */
export async function signedRequest(baseUrl: string, options: SignedRequestOptions): Promise<RawResponse> {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const requestUri = `${prefix}${options.path}`;
  const method = options.method ?? 'POST';
  const body = options.body === undefined ? '{}' : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const contentType = options.contentType ?? 'application/json; charset=utf-8';
  const date = formatHttpDate(options.date ?? new Date(), options.dateSuffix ?? 'GMT');
  const signature = sign(options.credentials.sharedSecret, {
    method,
    body: options.signedBody ?? body,
    contentType,
    date,
    requestUri,
    bodyHash: options.bodyHash ?? 'sha512',
  });
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`, 'utf8').toString('base64')}`,
    'content-type': contentType,
    date,
    'x-date': date,
    'x-signature': signature,
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    const key = name.toLowerCase();
    if (value === null) delete headers[key];
    else headers[key] = value;
  }
  return rawRequest(`${base.origin}${requestUri}`, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
    signal: options.signal,
  });
}

/** An unsigned request (control endpoints, malformed requests). */
export async function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {},
): Promise<RawResponse> {
  const res = await request(url, {
    method: (options.method ?? 'GET') as 'GET',
    headers: options.headers,
    body: options.body,
    signal: options.signal,
  });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    headers: res.headers,
    text,
    json: () => JSON.parse(text),
  };
}
