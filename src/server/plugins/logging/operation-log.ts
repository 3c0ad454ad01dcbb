/**
 * One info line per GraphQL operation. Never the query text or variables (they carry personal and
 * payment data): the query's sha256 identifies the document instead.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Logger } from 'pino';
import { operationOutcome } from './outcome';

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
          const { operationName, operationType, outcome, errorCodes } = operationOutcome(requestContext);
          logger.info(
            {
              requestId,
              operationName,
              operationType,
              outcome,
              errorCodes,
              durationMs: Math.round((performance.now() - started) * 100) / 100,
              httpStatus: requestContext.response.http.status ?? 200,
              // Apollo's queryHash is the sha256 of the query text (also for persisted queries).
              queryHash: requestContext.queryHash ?? (requestContext.source ? sha256(requestContext.source) : undefined),
            },
            'graphql operation',
          );
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
