/**
 * The pipeline of one API call, in the platform's order: added latency, API key, Basic auth,
 * Content-Type, body (size cap), signature; then the call counts in stats and may hit a fault;
 * then the body must be a JSON object and the operation answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './auth-check';
import { BodyTooLargeError, readBody } from './body';
import { applyFault } from './fault-responses';
import type { FaultInjector } from './faults';
import type { Operation } from './model';
import type { OperationContext } from './operations/context';
import { OPERATION_HANDLERS } from './operations/registry';
import type { StatsCounter } from './stats';
import { isPlainObject } from './validate';
import { apiError, ErrorCode, sendReply } from './wire';

export interface ApiEnvironment {
  auth: Authenticator;
  faults: FaultInjector;
  stats: StatsCounter;
  ctx: OperationContext;
  latencyMs(): number;
  /** A timer that close() can cancel. */
  delay(ms: number): Promise<void>;
}

/** Answers one request routed to an API operation. */
export async function handleApiCall(env: ApiEnvironment, operation: Operation, pathApiKey: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const latency = env.latencyMs();
  if (latency > 0) await env.delay(latency);

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

  const badSignature = env.auth.checkSignature({ method: req.method ?? 'POST', url: req.url ?? '', headers: req.headers, body }, env.ctx.now());
  if (badSignature) return sendReply(res, badSignature);

  env.stats.count(operation);
  const fault = env.faults.take(operation);
  if (fault) return applyFault(fault, res);

  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return sendReply(res, apiError(400, ErrorCode.INVALID_REQUEST_BODY, 'Invalid request body: not valid JSON'));
  }
  if (!isPlainObject(parsed)) return sendReply(res, apiError(400, ErrorCode.INVALID_REQUEST_BODY, 'Invalid request body: expected a JSON object'));

  sendReply(res, await OPERATION_HANDLERS[operation](env.ctx, parsed));
}
