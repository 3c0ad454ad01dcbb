/**
 * Federated tracing (ftv1): a router asks for per-field timings with `apollo-federation-include-trace:
 * ftv1`, and Apollo's inline-trace plugin times every field of that request. Installed here
 * explicitly (Apollo would add it by itself for a subgraph schema, with a log line) so it is one
 * declared plugin like the others: the fast path and compiled execution decline traced requests,
 * whose fields must run through graphql-js to be timed.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import type { GraphQLContext } from '../../../graphql/context';
import { isRouterCall } from '../../../graphql/federation';
import { withFastPathCounterpart, type RequestPredicate } from '../../operations/counterparts';

/** The header a federation router sends to ask for a trace. */
export const TRACE_HEADER = 'apollo-federation-include-trace';

/** True when the request asks for a federated trace (the one test both paths use). */
export const wantsFederatedTrace: RequestPredicate = (header) => header(TRACE_HEADER) === 'ftv1';

/**
 * Apollo's inline-trace plugin (errors masked in traces, its default), honoured only for the
 * router (per-field timings are internals: the same rule as `_service`), declared to the fast path.
 */
export function federatedTracePlugin(): ApolloServerPlugin<GraphQLContext> {
  const inline = ApolloServerPluginInlineTrace() as ApolloServerPlugin<GraphQLContext>;
  const plugin: ApolloServerPlugin<GraphQLContext> = {
    ...inline,
    async requestDidStart(requestContext) {
      if (!isRouterCall(requestContext.contextValue)) return undefined;
      return inline.requestDidStart?.(requestContext);
    },
  };
  return withFastPathCounterpart(plugin, { kind: 'declines', applies: wantsFederatedTrace });
}
