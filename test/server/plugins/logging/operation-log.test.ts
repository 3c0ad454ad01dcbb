import { createHash } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { loggingPlugin } from '../../../../src/server/plugins/logging';
import { limitsFor } from '../../../../src/server/plugins/limits';
import { captureLogger } from '../capture-logger';

interface Context {
  requestId: string;
}

const typeDefs = `
  type Query {
    greeting(name: String): String
    forbidden: String
    profile(email: String): String
  }
`;
const resolvers = {
  Query: {
    greeting: (_: unknown, { name }: { name?: string }) => `hello ${name ?? 'world'}`,
    forbidden: () => {
      throw new GraphQLError('This operation needs the "profiles:read" scope', { extensions: { code: 'FORBIDDEN' } });
    },
    profile: () => 'ok',
  },
};

async function serverLoggingTo(capture: ReturnType<typeof captureLogger>) {
  const limits = limitsFor({
    nodeEnv: 'test',
    limits: { maxDepth: 12, maxAliases: 2, maxTokens: 5000, maxDirectives: 50, maxCost: 1000 },
    loader: { concurrency: 8, maxRefs: 100, maxRepresentations: 100 },
  });
  // Same order as the gateway: logging first, the limits plugins after it.
  const server = new ApolloServer<Context>({
    typeDefs,
    resolvers,
    plugins: [loggingPlugin(capture.logger), ...limits.plugins],
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
  });
  await server.start();
  return server;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('loggingPlugin', () => {
  const capture = captureLogger();
  let server: ApolloServer<Context>;
  beforeAll(async () => {
    server = await serverLoggingTo(capture);
  });
  afterAll(() => server.stop());
  beforeEach(() => capture.lines.splice(0));

  it('logs one info line per operation with request id, operation, outcome, duration and query hash', async () => {
    const query = 'query Greet($name: String) { greeting(name: $name) }';
    await server.executeOperation({ query, variables: { name: 'Ada' } }, { contextValue: { requestId: 'req-1' } });
    expect(capture.records()).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'graphql operation',
        requestId: 'req-1',
        operationName: 'Greet',
        operationType: 'query',
        outcome: 'ok',
        errorCodes: [],
        httpStatus: 200,
        queryHash: sha256(query),
        durationMs: expect.any(Number),
      }),
    ]);
  });

  it('never logs the query text or variable values', async () => {
    const query = 'query Lookup($email: String) { profile(email: $email) inline: greeting(name: "Literal-PII-Value") }';
    await server.executeOperation({ query, variables: { email: 'secret-shopper@example.com' } }, { contextValue: { requestId: 'req-2' } });
    const output = capture.lines.join('\n');
    expect(output).not.toContain('secret-shopper@example.com');
    expect(output).not.toContain('Literal-PII-Value');
    expect(output).not.toContain('profile(email');
  });

  it('reports the first error code as the outcome, and all codes', async () => {
    await server.executeOperation({ query: '{ a: forbidden b: forbidden }' }, { contextValue: { requestId: 'req-3' } });
    expect(capture.records()[0]).toMatchObject({
      operationName: null,
      operationType: 'query',
      outcome: 'FORBIDDEN',
      errorCodes: ['FORBIDDEN', 'FORBIDDEN'],
    });
  });

  it('logs rejected documents with their code and an unknown operation type', async () => {
    await server.executeOperation({ query: '{ nope }' }, { contextValue: { requestId: 'req-4' } });
    await server.executeOperation({ query: '{ a: greeting b: greeting c: greeting }' }, { contextValue: { requestId: 'req-5' } });
    expect(capture.records().map((r) => [r.requestId, r.operationType, r.outcome, r.httpStatus])).toEqual([
      ['req-4', 'unknown', 'GRAPHQL_VALIDATION_FAILED', 400],
      ['req-5', 'unknown', 'QUERY_TOO_COMPLEX', 400],
    ]);
  });
});
