/**
 * Records the input path of each error graphql-js raised about an argument literal or a variable
 * (graphql/errors/input-paths.ts), for formatError to report it as BAD_USER_INPUT with `field`.
 * Runs only for requests that failed, once per request.
 */
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GraphQLContext } from '../../../graphql/context';
import { recordInputPaths } from '../../../graphql/errors';
import { withFastPathCounterpart } from '../../operations/counterparts';

export function inputPathsPlugin(): ApolloServerPlugin<GraphQLContext> {
  const listener: GraphQLRequestListener<GraphQLContext> = {
    async didEncounterErrors({ errors, schema, document, request }) {
      recordInputPaths(errors, { schema, document, variables: request.variables });
    },
  };
  const started = Promise.resolve(listener);
  return withFastPathCounterpart({ requestDidStart: () => started }, { kind: 'errors-only', why: 'annotates errors' });
}
