/**
 * Reports every operation Apollo answers to the operation sink (log line, metrics), and logs what
 * Apollo could not process. The fast path reports its own answers to the same sink.
 */
import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { GraphQLContext } from '../../../graphql/context';
import { withFastPathCounterpart } from '../../operations/counterparts';
import { operationOutcome } from '../../operations/outcome';
import type { OperationSink } from '../../operations/report';

export function operationReportPlugin(sink: OperationSink, logger: Logger): ApolloServerPlugin<GraphQLContext> {
  const plugin: ApolloServerPlugin<GraphQLContext> = {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse(requestContext) {
          sink({
            requestId: contextValue.requestId,
            outcome: operationOutcome(requestContext),
            labelled: requestContext.operation !== undefined && contextValue.principal.kind !== 'anonymous',
            durationMs: performance.now() - started,
            httpStatus: requestContext.response.http.status ?? 200,
            queryHash: requestContext.queryHash,
          });
        },
      };
    },
    async unexpectedErrorProcessingRequest({ requestContext, error }) {
      // Apollo answers "Internal server error"; this is the only trace of what happened.
      logger.error(
        { requestId: requestContext.contextValue.requestId, err: { name: error.name, message: error.message } },
        'graphql request failed unexpectedly',
      );
    },
  };
  return withFastPathCounterpart(plugin, { kind: 'report', sink });
}
