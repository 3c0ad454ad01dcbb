/**
 * The pipeline of one API call, in the platform's order: added latency, API key, Basic auth,
 * Content-Type, body (size cap), signature; then the rate limit; then the call counts in stats
 * and may hit a fault; then the body must be a JSON object and the operation answers. A write the
 * operation applied is recorded in the journal — also when a lost-answer fault swallows its
 * answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './auth-check';
import { BodyTooLargeError, readBody } from './body';
import { applyFault } from './fault-responses';
import { LOST_ANSWER_MODES, type FaultInjector } from './faults';
import { isWriteOperation, type Operation } from './model';
import type { OperationContext, OperationResult } from './operations/context';
import { OPERATION_HANDLERS } from './operations/registry';
import type { RateLimiter } from './rate-limit';
import type { StatsCounter } from './stats';
import { isPlainObject } from './validate';
import type { WriteJournal } from './write-journal';
import { apiError, ErrorCode, sendReply, tooManyRequests } from './wire';

export interface ApiEnvironment {
  auth: Authenticator;
  faults: FaultInjector;
  stats: StatsCounter;
  journal: WriteJournal;
  limiter: RateLimiter;
  ctx: OperationContext;
  /** The URL the sandbox listens on; used when the request's Host cannot be trusted. */
  listenUrl(): string;
  /** A timer that close() can cancel. */
  delay(ms: number): Promise<void>;
}

/** Answers one request routed to an API operation. */
export async function handleApiCall(
  env: ApiEnvironment,
  operation: Operation,
  pathApiKey: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { latencyMs } = env.ctx.settings();
  if (latencyMs > 0) await env.delay(latencyMs);

  const rejected =
    env.auth.checkApiKey(pathApiKey) ?? env.auth.checkBasicAuth(req.headers.authorization) ?? env.auth.checkContentType(req.headers['content-type']);
  if (rejected) return sendReply(res, rejected);

  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      // The rest of the body is not read, so the connection cannot be reused.
      return sendReply(res, apiError(413, ErrorCode.INVALID_REQUEST_BODY, 'Request body too large (limit 1 MiB)', { Connection: 'close' }));
    }
    res.destroy();
    return;
  }

  const now = env.ctx.now();
  const badSignature = env.auth.checkSignature({ method: req.method ?? 'POST', url: req.url ?? '', headers: req.headers, body }, now);
  if (badSignature) return sendReply(res, badSignature);

  const { rateLimitPerSecond } = env.ctx.settings();
  const retryAfter = env.limiter.admit(now.getTime(), rateLimitPerSecond);
  if (retryAfter !== null) {
    env.stats.countRateLimited();
    const message = `Too many requests: at most ${rateLimitPerSecond} calls per second`;
    return sendReply(res, tooManyRequests(retryAfter, message, { 'X-RateLimit-Limit': String(rateLimitPerSecond) }));
  }

  env.stats.count(operation, now.getTime());
  const fault = env.faults.take(operation);
  if (fault) env.stats.countFault(fault.mode);
  const losesAnswer = fault !== undefined && LOST_ANSWER_MODES.includes(fault.mode);
  if (fault && !losesAnswer) return applyFault(fault, res);

  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return fault ? applyFault(fault, res) : sendReply(res, apiError(400, ErrorCode.INVALID_REQUEST_BODY, 'Invalid request body: not valid JSON'));
  }
  if (!isPlainObject(parsed)) {
    return fault
      ? applyFault(fault, res)
      : sendReply(res, apiError(400, ErrorCode.INVALID_REQUEST_BODY, 'Invalid request body: expected a JSON object'));
  }

  const result: OperationResult = await OPERATION_HANDLERS[operation](env.ctx, parsed, { publicBaseUrl: () => publicBaseUrl(req, env.listenUrl()) });
  if (result.applied && isWriteOperation(operation)) env.journal.record(operation, result.applied, parsed, fault?.mode, now);
  if (fault) return applyFault(fault, res);
  sendReply(res, result);
}

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const PREFIX = /^[A-Za-z0-9._~/-]*$/;

/**
 * The base URL the client used (Host header and any path prefix before /api/v3/), so links the
 * sandbox hands out (the 3-D Secure redirectUrl) work behind a prefix too. Falls back to the
 * listen URL when the Host is odd or the result would make too long a link (≤ 255, API.md §7.3).
 */
function publicBaseUrl(req: IncomingMessage, listenUrl: string): string {
  const host = req.headers.host;
  const path = (req.url ?? '').split('?', 1)[0];
  const prefix = path.slice(0, Math.max(0, path.indexOf('/api/v3/')));
  if (host === undefined || !HOST.test(host) || !PREFIX.test(prefix)) return listenUrl;
  const url = `http://${host}${prefix}`;
  return url.length <= 150 ? url : listenUrl;
}
