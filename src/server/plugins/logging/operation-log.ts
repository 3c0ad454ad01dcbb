/**
 * One info line per GraphQL operation. Never the query text or variables (they carry personal and
 * payment data): the query's sha256 identifies the document instead.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Logger } from 'pino';
import { operationOutcome, type OperationOutcome } from './outcome';

/** One operation's log line, whichever path answered it. */
export interface OperationLogEntry {
  requestId?: string;
  outcome: OperationOutcome;
  durationMs: number;
  httpStatus: number;
  /** sha256 of the query text. */
  queryHash?: string;
}

/** Writes the info line of one operation; the plugin and the compiled fast path both call it. */
export function logOperation(logger: Logger, entry: OperationLogEntry): void {
  const { operationName, operationType, outcome, errorCodes } = entry.outcome;
  logger.info(
    {
      requestId: entry.requestId,
      operationName,
      operationType,
      outcome,
      errorCodes,
      durationMs: Math.round(entry.durationMs * 100) / 100,
      httpStatus: entry.httpStatus,
      queryHash: entry.queryHash,
    },
    'graphql operation',
  );
}

/** Apollo plugin logging requestId, operation, outcome, error codes, duration and query hash. */
export function loggingPlugin<TContext extends BaseContext>(logger: Logger): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      // One line per operation at info: with a quieter level there is nothing to measure.
      if (!logger.isLevelEnabled('info')) return;
      const started = performance.now();
      const requestId = requestIdOf(contextValue);
      return {
        async willSendResponse(requestContext) {
          logOperation(logger, {
            requestId,
            outcome: operationOutcome(requestContext),
            durationMs: performance.now() - started,
            httpStatus: requestContext.response.http.status ?? 200,
            // Apollo's queryHash is the sha256 of the query text (also for persisted queries).
            queryHash: requestContext.queryHash ?? (requestContext.source ? sha256(requestContext.source) : undefined),
          });
        },
      };
    },
    async unexpectedErrorProcessingRequest({ requestContext, error }) {
      // Apollo answers "Internal server error"; this is the only trace of what happened.
      logger.error(
        { requestId: requestIdOf(requestContext.contextValue), err: { name: error.name, message: error.message } },
        'graphql request failed unexpectedly',
      );
    },
  };
}

function requestIdOf(contextValue: BaseContext): string | undefined {
  const id = (contextValue as { requestId?: unknown }).requestId;
  return typeof id === 'string' ? id : undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
