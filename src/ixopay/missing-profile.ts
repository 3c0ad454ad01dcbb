/**
 * Update and delete of a profile that does not exist: IXOPAY documents no answer for it (API.md §8
 * item 6), and it is seen in three forms — HTTP 404, `profileExists: false` (whatever the status),
 * and HTTP 200 `{"success":false,"errorCode":1002,"errorMessage":"Customer profile not found"}`.
 * `profileExists: false` is explicit and the response interpreter already reads it as not-found.
 * The other two are ambiguous: 1002 is the generic "invalid request data" (API.md §6.3), and a 404
 * may equally be a proxy's answer for a wrong base path. The message must not decide (§6.1: branch
 * on errorCode, never on the text). So the client asks the documented signal — one getProfile by the
 * same identifier — and never sends the write again: gone → ProfileNotFoundError; present, or the
 * read itself failing → the write's original error.
 */
import { UpstreamRejectedError, UpstreamUnavailableError } from './errors';

/** True for a write rejection that may mean "no such profile" and needs confirming by a read. */
export function mayMeanMissingProfile(error: unknown): boolean {
  if (error instanceof UpstreamRejectedError) return error.httpStatus === 404 || error.errorCode === 1002 || error.errorCode === '1002';
  return error instanceof UpstreamUnavailableError && error.reason === 'http_status' && error.httpStatus === 404;
}
