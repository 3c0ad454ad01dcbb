/**
 * Turns one HTTP response (status, body text, Retry-After) into a typed result or one error of the
 * closed set in ../errors.ts, in this order (API.md §1.3, §3.5, §6):
 *
 * 1. 429 → UpstreamRateLimitedError (Retry-After as seconds or HTTP date).
 * 2. A JSON object with `profileExists` false/"false", whatever the status → NOT_FOUND.
 * 3. 504/522 → UpstreamUnavailableError 'http_status' even with an error body: like the PHP client
 *    we read them as edge timeouts, whose effect upstream is unknown.
 * 4. An API error object (`success` false — or a transaction result with `returnType: ERROR` —,
 *    `errorCode` number|string, `errorMessage` or `message`; for transaction results also
 *    `errors[0]`), whatever the status → UpstreamRejectedError.
 * 5. Any other non-2xx → UpstreamUnavailableError 'http_status'.
 * 6. 2xx: not JSON → 'malformed_json'; not an object, `success` not true, or the operation's parser
 *    rejects it → 'unexpected_shape'.
 *
 * Messages carry the status, the API's own errorMessage or the name of a bad field; never the body,
 * the URL or a header value.
 */
import { UpstreamRateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from '../errors';
import { booleanOf, isObject, WireShapeError, type JsonObject } from './fields';
import { parseRetryAfter } from './retry-after';

/** Marker result: the addressed profile does not exist. */
export const NOT_FOUND: unique symbol = Symbol('ixopay.notFound');

/** What a response interpretation needs from the HTTP layer. */
export interface RawResponse {
  status: number;
  /** The body decoded as UTF-8 (already size-capped). */
  text: string;
  retryAfter: string | string[] | undefined;
}

/** Interprets a response for `operation`; `parse` maps a checked success body to the result type. */
export function interpretResponse<T>(operation: string, response: RawResponse, now: Date, parse: (body: JsonObject) => T): T | typeof NOT_FOUND {
  const { status } = response;
  if (status === 429) throw new UpstreamRateLimitedError(operation, parseRetryAfter(response.retryAfter, now));

  const ok = status >= 200 && status < 300;
  const body = parseJson(response.text);
  if (body === INVALID) {
    if (!ok) throw httpStatusError(operation, status);
    throw new UpstreamUnavailableError(operation, 'malformed_json', `HTTP ${status} body is not valid JSON`, { httpStatus: status });
  }
  if (!isObject(body)) {
    if (!ok) throw httpStatusError(operation, status);
    throw new UpstreamUnavailableError(operation, 'unexpected_shape', 'response body is not a JSON object', { httpStatus: status });
  }

  const exists = body.profileExists;
  if (exists === false || exists === 'false') return NOT_FOUND;

  if (status === 504 || status === 522) throw httpStatusError(operation, status);

  const apiError = apiErrorOf(body);
  if (apiError) throw new UpstreamRejectedError(operation, status, apiError.errorCode, apiError.errorMessage);
  if (!ok) throw httpStatusError(operation, status);

  if (booleanOf(body.success) !== true) {
    throw new UpstreamUnavailableError(operation, 'unexpected_shape', 'success is not true and no error fields are present', {
      httpStatus: status,
    });
  }
  try {
    return parse(body);
  } catch (error) {
    if (error instanceof WireShapeError) {
      throw new UpstreamUnavailableError(operation, 'unexpected_shape', error.message, { httpStatus: status });
    }
    throw error;
  }
}

const INVALID: unique symbol = Symbol('invalid');

function parseJson(text: string): unknown {
  if (text.length === 0) return INVALID;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

function httpStatusError(operation: string, status: number): UpstreamUnavailableError {
  return new UpstreamUnavailableError(operation, 'http_status', `HTTP ${status} without a usable API answer`, { httpStatus: status });
}

interface ApiError {
  errorCode: number | string;
  errorMessage: string;
}

// The API's message is shown to operators; a runaway one must not bloat logs and GraphQL errors.
const MAX_MESSAGE = 500;

/** The API error object in `body`, if it is one. */
export function apiErrorOf(body: JsonObject): ApiError | null {
  if (booleanOf(body.success) !== false && body.returnType !== 'ERROR') return null;
  const top = errorFields(body);
  if (top) return top;
  // Transaction results may carry the details only in `errors[]`.
  const errors = body.errors;
  if (Array.isArray(errors) && isObject(errors[0])) return errorFields(errors[0]);
  return null;
}

function errorFields(obj: JsonObject): ApiError | null {
  const code = obj.errorCode;
  const validCode = (typeof code === 'number' && Number.isFinite(code)) || (typeof code === 'string' && code !== '');
  if (!validCode) return null;
  const message = typeof obj.errorMessage === 'string' ? obj.errorMessage : typeof obj.message === 'string' ? obj.message : null;
  if (message === null) return null;
  return { errorCode: code, errorMessage: message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) + '…' : message };
}
