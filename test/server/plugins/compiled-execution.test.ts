/**
 * The compiled-execution plugin answers exactly what Apollo answers without it — data, errors and
 * their codes, variable errors — for every example operation, against the real schema, a real
 * IxopayClient and the sandbox on 127.0.0.1; and it compiles only what it should.
 */
import { ApolloServer, type GraphQLResponse } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { SCOPE_READ, SCOPE_WRITE, type Principal } from '../../../src/auth/principal';
import { ixopayClientOptions } from '../../../src/app';
import { loadConfig, type Config } from '../../../src/config/config';
import { createGraphQLContext, type GraphQLContext } from '../../../src/graphql/context';
import { formatError } from '../../../src/graphql/errors';
import { buildGatewaySchemas } from '../../../src/graphql/schema';
import { IxopayClient } from '../../../src/ixopay/client';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../../../src/sandbox/server';
import { DEMO_PROFILES } from '../../../src/sandbox/seed';
import { compiledExecutionPlugin, FastPath, type CompiledExecutionOptions, type CompiledExecutionPlugin } from '../../../src/server/plugins/compiled-execution';
import { exampleOperations } from '../../graphql/support/operations';

const OPERATOR: Principal = { kind: 'operator', subject: 'test', scopes: new Set([SCOPE_READ, SCOPE_WRITE]) };
const [ZOE, MIRA] = DEMO_PROFILES;
const shopper = (customerIdentification: string): Principal => ({ kind: 'shopper', subject: customerIdentification, customerIdentification });

let sandbox: RunningSandbox;
let client: IxopayClient;
let config: Config;
let schema: GraphQLSchema;
const servers: ApolloServer<GraphQLContext>[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ credentials: DEMO_CREDENTIALS, port: 0 });
  config = loadConfig({
    NODE_ENV: 'test',
    IXOPAY_BASE_URL: sandbox.url,
    IXOPAY_USERNAME: DEMO_CREDENTIALS.username,
    IXOPAY_PASSWORD: DEMO_CREDENTIALS.password,
    IXOPAY_API_KEY: DEMO_CREDENTIALS.apiKey,
    IXOPAY_SHARED_SECRET: DEMO_CREDENTIALS.sharedSecret,
    AUTH_JWT_SECRET: 'compiled-execution-test-secret-0123456789ab',
  });
  client = new IxopayClient(ixopayClientOptions(config, sandbox.url));
  schema = (await buildGatewaySchemas()).subgraphSchema;
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await client.close();
  await sandbox.close();
});

beforeEach(() => sandbox.reset());

/** An Apollo server over the served schema, as the gateway builds it (same formatError). */
async function apollo(plugin?: CompiledExecutionPlugin<GraphQLContext>): Promise<ApolloServer<GraphQLContext>> {
  const server = new ApolloServer<GraphQLContext>({
    schema,
    plugins: plugin ? [plugin] : [],
    formatError: (formatted, error) => formatError(formatted, error, { exposeDetails: false }),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  await server.start();
  servers.push(server);
  return server;
}

async function withPlugin(options: CompiledExecutionOptions = {}) {
  const plugin = compiledExecutionPlugin<GraphQLContext>(options);
  return { plugin, server: await apollo(plugin) };
}

/** What a client sees: HTTP status and the JSON body. */
async function run(
  server: ApolloServer<GraphQLContext>,
  query: string,
  variables?: Record<string, unknown>,
  principal: Principal = OPERATOR,
  operationName?: string,
  api: IxopayClient = client,
) {
  const response: GraphQLResponse = await server.executeOperation(
    { query, variables, operationName },
    { contextValue: createGraphQLContext({ api, principal, config, requestId: 'test' }) },
  );
  return { status: response.http.status ?? 200, body: JSON.parse(JSON.stringify(response.body)) };
}

let plain: ApolloServer<GraphQLContext>;
beforeAll(async () => {
  plain = await apollo();
});

describe('answers like graphql-js', () => {
  it.each(exampleOperations().map((o) => [o.name, o] as const))('%s, on every sighting', async (name, operation) => {
    const principal = name === 'MyProfile' ? shopper(ZOE.customerIdentification) : OPERATOR;
    const { plugin, server } = await withPlugin({ compileAfter: 1 });
    sandbox.reset();
    const expected = await run(plain, operation.document, operation.variables, principal);
    sandbox.reset();
    const first = await run(server, operation.document, operation.variables, principal);
    sandbox.reset();
    const second = await run(server, operation.document, operation.variables, principal);
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
    expect(expected.body.singleResult.errors).toBeUndefined();
    const isQuery = !/^\s*mutation/m.test(operation.document);
    expect(plugin.stats().compiled).toBe(isQuery ? 2 : 0);
  });

  it('answers a refused caller through graphql-js, with the same code and no second upstream call', async () => {
    const query = 'query($id: ID!) { customerProfile(profileGuid: $id) { profileGuid customer { firstName } } }';
    const variables = { id: MIRA.profileGuid };
    const expected = await run(plain, query, variables, shopper(ZOE.customerIdentification));
    const { plugin, server } = await withPlugin({ compileAfter: 1 });
    sandbox.resetStats();
    const actual = await run(server, query, variables, shopper(ZOE.customerIdentification));
    expect(actual).toEqual(expected);
    expect(actual.body.singleResult.errors[0].extensions.code).toBe('FORBIDDEN');
    // The compiled run loaded the profile; graphql-js's re-run found it in the request's loader.
    expect(sandbox.stats().calls.getProfile).toBe(1);
    expect(plugin.stats()).toEqual({ compiled: 0, interpreted: 1, compilations: 1, fastPath: 0 });
  });

  it('answers an upstream failure through graphql-js, with the same code and no second upstream call', async () => {
    const query = 'query($id: String!) { customerProfile(customerIdentification: $id) { profileGuid } }';
    const variables = { id: ZOE.customerIdentification };
    const { server } = await withPlugin({ compileAfter: 1 });
    // Own clients: the failures would open the shared client's circuit for the other tests.
    const [plainApi, compiledApi] = [0, 1].map(() => new IxopayClient(ixopayClientOptions(config, sandbox.url)));
    sandbox.faults.add({ mode: '500' });
    try {
      sandbox.resetStats();
      const expected = await run(plain, query, variables, OPERATOR, undefined, plainApi);
      const callsWithout = sandbox.stats().calls.getProfile;
      sandbox.resetStats();
      const actual = await run(server, query, variables, OPERATOR, undefined, compiledApi);
      expect(actual).toEqual(expected);
      expect(actual.body.singleResult.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(sandbox.stats().calls.getProfile).toBe(callsWithout);
    } finally {
      sandbox.faults.clear();
      await Promise.all([plainApi.close(), compiledApi.close()]);
    }
  });

  const REFS_QUERY = 'query($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid } }';
  const ID_QUERY = 'query($id: String!) { customerProfile(customerIdentification: $id) { profileGuid } }';
  const GUID_QUERY = 'query($guid: ID) { customerProfile(profileGuid: $guid) { profileGuid } }';
  // Each is a coercion rule graphql-js enforces; the compiled plan must not be more lenient.
  it.each([
    ['a number and a string for input objects', REFS_QUERY, { refs: [{ profileGuid: 42 }, 'x'] }],
    ['null inside a non-null list', REFS_QUERY, { refs: [null] }],
    ['an unknown input field', REFS_QUERY, { refs: [{ profileGuid: 'a'.repeat(32), nickname: 'x' }] }],
    ['a lone object where a list is expected, with a bad field', REFS_QUERY, { refs: { profileGuid: true } }],
    ['a number for String!', ID_QUERY, { id: 123 }],
    ['a boolean for String!', ID_QUERY, { id: true }],
    ['an object for String!', ID_QUERY, { id: { value: 'cust-0001' } }],
    ['null for String!', ID_QUERY, { id: null }],
    ['a missing required variable', ID_QUERY, {}],
    ['a fraction for ID', GUID_QUERY, { guid: 1.5 }],
    ['a list for ID', GUID_QUERY, { guid: ['a'] }],
  ])('leaves invalid variables to graphql-js (%s): same 400 and wording, no upstream call', async (_, query, variables) => {
    const expected = await run(plain, query, variables);
    const { server } = await withPlugin({ compileAfter: 1 });
    sandbox.resetStats();
    const actual = await run(server, query, variables);
    expect(actual).toEqual(expected);
    expect(actual.status).toBe(400);
    expect(actual.body.singleResult.errors[0].message).toMatch(/^Variable "\$\w+" (got invalid value|of required type|of non-null type)/);
    expect(sandbox.stats().total).toBe(0);
  });
});

describe('what it compiles', () => {
  const QUERY = 'query($id: String!) { customerProfile(customerIdentification: $id) { profileGuid } }';

  it('interprets a query the first time and compiles it on its second sighting', async () => {
    const { plugin, server } = await withPlugin();
    const variables = { id: ZOE.customerIdentification };
    const answers = [await run(server, QUERY, variables)];
    expect(plugin.stats()).toEqual({ compiled: 0, interpreted: 1, compilations: 0, fastPath: 0 });
    answers.push(await run(server, QUERY, variables), await run(server, QUERY, variables));
    expect(plugin.stats()).toEqual({ compiled: 2, interpreted: 1, compilations: 1, fastPath: 0 });
    for (const answer of answers) expect(answer.body.singleResult).toEqual({ data: { customerProfile: { profileGuid: ZOE.profileGuid } } });
  });

  it('never compiles queries seen once, however many arrive', async () => {
    const { plugin, server } = await withPlugin();
    for (let i = 0; i < 20; i++) await run(server, `{ a${i}: __typename }`);
    expect(plugin.stats()).toEqual({ compiled: 0, interpreted: 20, compilations: 0, fastPath: 0 });
  });

  it('never runs a mutation through a compiled plan', async () => {
    const { plugin, server } = await withPlugin({ compileAfter: 1 });
    const mutation = 'mutation($input: DeleteCustomerProfileInput!) { deleteCustomerProfile(input: $input) { success } }';
    const result = await run(server, mutation, { input: { customerIdentification: ZOE.customerIdentification } });
    expect(result.body.singleResult.data).toEqual({ deleteCustomerProfile: { success: true } });
    expect(plugin.stats()).toEqual({ compiled: 0, interpreted: 1, compilations: 0, fastPath: 0 });
  });

  it('compiles each named operation of a document separately', async () => {
    const { plugin, server } = await withPlugin({ compileAfter: 1 });
    const document = 'query A { __typename } query B { b: __typename }';
    expect((await run(server, document, undefined, OPERATOR, 'A')).body.singleResult).toEqual({ data: { __typename: 'Query' } });
    expect((await run(server, document, undefined, OPERATOR, 'B')).body.singleResult).toEqual({ data: { b: 'Query' } });
    expect(plugin.stats()).toEqual({ compiled: 2, interpreted: 0, compilations: 2, fastPath: 0 });
  });

  it('forgets the least recently used documents beyond maxDocuments', async () => {
    const { plugin, server } = await withPlugin({ maxDocuments: 2 });
    for (const query of ['{ a: __typename }', '{ b: __typename }', '{ c: __typename }', '{ a: __typename }', '{ c: __typename }']) {
      await run(server, query);
    }
    // c evicted a; a counted from zero again (interpreted) and evicted b; c's second sighting compiled.
    expect(plugin.stats()).toEqual({ compiled: 1, interpreted: 4, compilations: 1, fastPath: 0 });
  });

  it('admits each query it answered without error to the fast path, which keeps the most recently used', async () => {
    const fastPath = new FastPath<GraphQLContext>({ maxDocuments: 1 });
    const { plugin, server } = await withPlugin({ fastPath });
    const context = async () => createGraphQLContext({ api: client, principal: OPERATOR, config, requestId: 'fast' });
    const ask = (query: string) => fastPath.answer({ headers: {}, body: { query, variables: { id: ZOE.customerIdentification } } }, context);
    const other = 'query($id: String!) { customerProfile(customerIdentification: $id) { customerIdentification } }';

    expect(await ask(QUERY)).toBeUndefined();
    await run(server, QUERY, { id: ZOE.customerIdentification });
    expect(await ask(QUERY)).toBeUndefined(); // seen once: interpreted, not admitted
    await run(server, QUERY, { id: ZOE.customerIdentification });
    expect(await ask(QUERY)).toEqual({
      contentType: 'application/json; charset=utf-8',
      body: `${JSON.stringify({ data: { customerProfile: { profileGuid: ZOE.profileGuid } } })}\n`,
    });

    // A second document evicts the first (maxDocuments 1).
    await run(server, other, { id: ZOE.customerIdentification });
    await run(server, other, { id: ZOE.customerIdentification });
    expect(await ask(QUERY)).toBeUndefined();
    expect((await ask(other))?.body).toContain(ZOE.customerIdentification);
    expect(plugin.stats().fastPath).toBe(2);
  });

  it('makes the fast path forget a query whose plan it dropped, so plans stay bounded by maxDocuments', async () => {
    const fastPath = new FastPath<GraphQLContext>();
    const { server } = await withPlugin({ fastPath, maxDocuments: 1 });
    const context = async () => createGraphQLContext({ api: client, principal: OPERATOR, config, requestId: 'fast' });
    const ask = (query: string) => fastPath.answer({ headers: {}, body: { query, variables: { id: ZOE.customerIdentification } } }, context);
    const other = 'query($id: String!) { customerProfile(customerIdentification: $id) { customerIdentification } }';

    for (let i = 0; i < 2; i++) await run(server, QUERY, { id: ZOE.customerIdentification });
    expect(await ask(QUERY)).toBeDefined();
    await run(server, other, { id: ZOE.customerIdentification }); // evicts QUERY's document from the plugin
    expect(await ask(QUERY)).toBeUndefined();
  });

  it('never admits an answer with errors to the fast path', async () => {
    const fastPath = new FastPath<GraphQLContext>();
    const { server } = await withPlugin({ fastPath, compileAfter: 1 });
    const stranger = shopper(MIRA.customerIdentification);
    for (let i = 0; i < 3; i++) expect((await run(server, QUERY, { id: ZOE.customerIdentification }, stranger)).body.singleResult.errors).toBeDefined();
    const context = async () => createGraphQLContext({ api: client, principal: stranger, config, requestId: 'fast' });
    expect(await fastPath.answer({ headers: {}, body: { query: QUERY, variables: { id: ZOE.customerIdentification } } }, context)).toBeUndefined();
    expect(fastPath.served).toBe(0);
  });

  it('refuses a nonsensical fast-path size', () => {
    expect(() => new FastPath({ maxDocuments: 0 })).toThrow(RangeError);
  });

  it('refuses nonsensical options', () => {
    expect(() => compiledExecutionPlugin({ compileAfter: 0 })).toThrow(RangeError);
    expect(() => compiledExecutionPlugin({ maxDocuments: 0 })).toThrow(RangeError);
  });
});
