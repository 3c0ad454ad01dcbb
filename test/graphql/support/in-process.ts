/**
 * Runs operations against the real subgraph schema inside Apollo Server (with our formatError),
 * for checks that must stop before the upstream: the API given here fails the test if touched.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import { SCOPE_READ, SCOPE_WRITE, type Principal } from '../../../src/auth/principal';
import { createGraphQLContext, type GraphQLContext } from '../../../src/graphql/context';
import { formatError } from '../../../src/graphql/errors';
import { buildGatewaySchemas } from '../../../src/graphql/schema';
import type { ProfilesApi } from '../../../src/ixopay/types';

export const OPERATOR: Principal = { kind: 'operator', subject: 'test', scopes: new Set([SCOPE_READ, SCOPE_WRITE]) };

/** Counts calls and throws: these tests only exercise paths that must not reach the upstream. */
export function unreachableApi(): ProfilesApi & { calls: number } {
  const fail = (operation: string) => {
    api.calls++;
    throw new Error(`upstream ${operation} must not be called`);
  };
  const api = {
    calls: 0,
    getProfile: async () => fail('getProfile'),
    updateProfile: async () => fail('updateProfile'),
    deleteProfile: async () => fail('deleteProfile'),
  };
  return api;
}

export interface InProcess {
  api: ProfilesApi & { calls: number };
  run(
    query: string,
    variables?: Record<string, unknown>,
    principal?: Principal,
  ): Promise<{ data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] }>;
  stop(): Promise<void>;
}

export async function startInProcess(limits: { maxRefs?: number; maxRepresentations?: number } = {}): Promise<InProcess> {
  const { subgraphSchema } = await buildGatewaySchemas();
  const server = new ApolloServer<GraphQLContext>({
    schema: subgraphSchema,
    formatError: (formatted, error) => formatError(formatted, error, { exposeDetails: false }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await server.start();
  const api = unreachableApi();
  return {
    api,
    async run(query, variables, principal = OPERATOR) {
      const contextValue = createGraphQLContext({
        api,
        principal,
        config: {
          loader: { concurrency: 8, maxRefs: limits.maxRefs ?? 100, maxRepresentations: limits.maxRepresentations ?? 100 },
          auth: { customerMayDelete: false },
        },
        requestId: 'test',
      });
      const response = await server.executeOperation({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      const { data, errors } = response.body.singleResult;
      return { data: data as Record<string, unknown> | null | undefined, errors };
    },
    stop: () => server.stop(),
  };
}
