/**
 * Hands Apollo Server our executor. Apollo Server 4+ has no `executor` option; its documented way
 * to execute with something other than graphql-js is the `gateway` option, which is what this is:
 * a "gateway" that serves one fixed schema and executes with the given function. Everything else
 * (parsing, validation, the document cache, plugins, error formatting) stays Apollo's.
 */
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Executor } from '../graphql/execution/compiled-executor';

type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];

/** Federation routers ask for per-field traces with this header (value `ftv1`). */
const TRACE_HEADER = 'apollo-federation-include-trace';

/** An Apollo `gateway` that serves `schema` and runs every operation through `executor`. */
export function executorGateway(schema: GraphQLSchema, executor: Executor): GatewayInterface {
  return {
    // Apollo expects the schema to be delivered through this callback before load() resolves.
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async load() {
      return {
        executor: (requestContext) =>
          executor({
            document: requestContext.document,
            operationName: requestContext.operationName,
            variables: requestContext.request.variables,
            contextValue: requestContext.context,
            traced: requestContext.request.http?.headers.get(TRACE_HEADER) === 'ftv1',
          }),
      };
    },
    async stop() {},
  };
}
