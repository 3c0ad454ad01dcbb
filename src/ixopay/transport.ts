/**
 * One HTTP exchange with the upstream over undici: POST the signed bytes, read the status, the
 * Retry-After header and a size-capped body, all under the attempt's AbortSignal. Transport failures
 * become UpstreamUnavailableError 'timeout' or 'connection'; nothing from the request (URL, headers,
 * body) goes into an error.
 */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { UpstreamUnavailableError } from './errors';
import { ABORT_MESSAGES, type Deadline } from './deadline';
import type { RawResponse } from './wire/interpret';

/** Where and how to send. */
export interface Exchange {
  dispatcher: Dispatcher;
  origin: string;
  operation: string;
  /** Path plus query: exactly the signed request URI. */
  path: string;
  headers: string[];
  body: Buffer;
  deadline: Deadline;
  maxResponseBytes: number;
}

/** Sends one request; resolves with the raw response or throws UpstreamUnavailableError. */
export async function exchange(x: Exchange): Promise<RawResponse> {
  let response: Dispatcher.ResponseData;
  try {
    response = await x.dispatcher.request({
      origin: x.origin,
      path: x.path,
      method: 'POST',
      headers: x.headers,
      body: x.body,
      signal: x.deadline.signal,
    });
  } catch (error) {
    throw transportError(x.operation, error, x.deadline);
  }
  const { statusCode, headers } = response;
  let text: string;
  try {
    const declared = contentLength(headers['content-length']);
    // With a Content-Length within the cap undici's own text() is the cheapest read (and undici
    // fails the read if the server sends more than it declared); otherwise count bytes ourselves.
    text =
      declared >= 0 && declared <= x.maxResponseBytes ? await response.body.text() : await readCapped(response.body, declared, x.maxResponseBytes);
  } catch (error) {
    if (error instanceof ResponseTooLargeError) {
      throw new UpstreamUnavailableError(x.operation, 'unexpected_shape', `response body exceeds ${x.maxResponseBytes} bytes`, {
        httpStatus: statusCode,
      });
    }
    throw transportError(x.operation, error, x.deadline, statusCode);
  }
  return { status: statusCode, text, retryAfter: headers['retry-after'] };
}

/** Maps a thrown transport error: a deadline, an attempt timeout or the caller's abort → 'timeout', else 'connection'. */
export function transportError(operation: string, error: unknown, deadline: Deadline, httpStatus?: number): UpstreamUnavailableError {
  const cause = deadline.cause;
  if (cause !== undefined) {
    return new UpstreamUnavailableError(operation, 'timeout', ABORT_MESSAGES[cause], { httpStatus, cause: error });
  }
  const code = errorCode(error);
  // undici's own inactivity timers are a backstop behind our deadline; they still mean "timed out".
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new UpstreamUnavailableError(operation, 'timeout', `transport timeout (${code})`, { httpStatus, cause: error });
  }
  // Codes such as ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, ERR_TLS_CERT_ALTNAME_INVALID are safe to
  // show; the cause (an undici/net error) names host:port at most, never the path with the apiKey.
  return new UpstreamUnavailableError(operation, 'connection', code ? `connection failed (${code})` : 'connection failed', {
    httpStatus,
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code) ? code : undefined;
}

function contentLength(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : -1;
}

/** Internal: the body is bigger than we are willing to buffer. */
class ResponseTooLargeError extends Error {}

/** Reads the whole body as UTF-8, destroying the stream (and so the connection) past `max` bytes. */
function readCapped(body: Readable, declaredLength: number, max: number): Promise<string> {
  if (declaredLength > max) {
    body.destroy();
    return Promise.reject(new ResponseTooLargeError());
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        settled = true;
        body.off('data', onData);
        body.destroy();
        reject(new ResponseTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    body.on('data', onData);
    body.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString('utf8'));
    });
    // Stays attached: a late 'error' after destroy() must not become an uncaught exception.
    body.on('error', (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
  });
}
