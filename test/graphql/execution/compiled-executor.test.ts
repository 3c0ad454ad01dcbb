/**
 * The compiled executor answers exactly what graphql-js answers: data, errors (message, path,
 * locations, cause), and variable coercion errors, for every example operation, against the real
 * schema, a real IxopayClient and the sandbox on 127.0.0.1.
 */
import { execute, parse, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { SCOPE_READ, SCOPE_WRITE, type Principal } from '../../../src/auth/principal';
import { loadConfig, type Config } from '../../../src/config/config';
import { createGraphQLContext } from '../../../src/graphql/context';
import { createCompiledExecutor, type ExecutionRequest } from '../../../src/graphql/execution/compiled-executor';
import { buildGatewaySchemas } from '../../../src/graphql/schema';
import { IxopayClient } from '../../../src/ixopay/client';
import { ixopayClientOptions } from '../../../src/app';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../../../src/sandbox/server';
import { DEMO_PROFILES } from '../../../src/sandbox/seed';
import { exampleOperations } from '../support/operations';

const OPERATOR: Principal = { kind: 'operator', subject: 'test', scopes: new Set([SCOPE_READ, SCOPE_WRITE]) };
const [ZOE, MIRA] = DEMO_PROFILES;

let sandbox: RunningSandbox;
let client: IxopayClient;
let config: Config;
let schema: GraphQLSchema;

beforeAll(async () => {
  sandbox = await startSandbox({ credentials: DEMO_CREDENTIALS, port: 0 });
  config = loadConfig({
    NODE_ENV: 'test',
    IXOPAY_BASE_URL: sandbox.url,
    IXOPAY_USERNAME: DEMO_CREDENTIALS.username,
    IXOPAY_PASSWORD: DEMO_CREDENTIALS.password,
    IXOPAY_API_KEY: DEMO_CREDENTIALS.apiKey,
    IXOPAY_SHARED_SECRET: DEMO_CREDENTIALS.sharedSecret,
    AUTH_JWT_SECRET: 'compiled-executor-test-secret-0123456789abc',
  });
  client = new IxopayClient(ixopayClientOptions(config, sandbox.url));
  schema = (await buildGatewaySchemas()).subgraphSchema;
});

afterAll(async () => {
  await client.close();
  await sandbox.close();
});

beforeEach(() => sandbox.reset());

const contextFor = (principal: Principal = OPERATOR) => createGraphQLContext({ api: client, principal, config, requestId: 'test' });

const request = (document: DocumentNode, variables?: Record<string, unknown>, principal?: Principal): ExecutionRequest => ({
  document,
  variables,
  contextValue: contextFor(principal),
});

/** What a client and formatError see of a result: JSON, plus each error's cause class. */
const observable = (result: ExecutionResult) => ({
  json: JSON.parse(JSON.stringify(result)),
  causes: result.errors?.map((error) => error.originalError?.constructor.name),
  extensions: result.errors?.map((error) => error.extensions),
});

async function interpreted(document: DocumentNode, variables?: Record<string, unknown>, principal?: Principal) {
  return observable(await execute({ schema, document, variableValues: variables, contextValue: contextFor(principal) }));
}

describe('against graphql-js, operation by operation', () => {
  // Mutations change the sandbox, so every comparison resets it before each side.
  it.each(exampleOperations().map((o) => [o.name, o] as const))('%s answers the same when compiled', async (name, operation) => {
    const document = parse(operation.document);
    const shopper: Principal = { kind: 'shopper', subject: ZOE.customerIdentification, customerIdentification: ZOE.customerIdentification };
    const principal = name === 'MyProfile' ? shopper : OPERATOR;
    const executor = createCompiledExecutor(schema, { compileAfter: 1 });

    sandbox.reset();
    const expected = await interpreted(document, operation.variables, principal);
    sandbox.reset();
    const actual = observable(await executor.execute(request(document, operation.variables, principal)));

    expect(actual).toEqual(expected);
    expect(executor.stats()).toEqual({ compiled: 1, interpreted: 0, compilations: 1 });
    expect(expected.json.errors).toBeUndefined();
  });
});

describe('errors', () => {
  const compiledOnce = () => createCompiledExecutor(schema, { compileAfter: 1 });

  it('reports a missing profile with the same message, path, locations and cause', async () => {
    const document = parse('mutation($input: DeleteCustomerProfileInput!) { deleteCustomerProfile(input: $input) { success } }');
    const variables = { input: { customerIdentification: 'no-such-customer' } };
    const expected = await interpreted(document, variables);
    const actual = observable(await compiledOnce().execute(request(document, variables)));
    expect(actual).toEqual(expected);
    expect(actual.causes).toEqual(['ProfileNotFoundError']);
    expect(actual.json.errors[0]).toMatchObject({ path: ['deleteCustomerProfile'], locations: [{ line: 1, column: 49 }] });
  });

  it('reports a refused caller like graphql-js, with the auth error as cause', async () => {
    const document = parse('query($id: String!) { customerProfile(customerIdentification: $id) { profileGuid } }');
    const shopper: Principal = { kind: 'shopper', subject: ZOE.customerIdentification, customerIdentification: ZOE.customerIdentification };
    const variables = { id: MIRA.customerIdentification };
    const expected = await interpreted(document, variables, shopper);
    const actual = observable(await compiledOnce().execute(request(document, variables, shopper)));
    expect(actual).toEqual(expected);
    expect(actual.causes).toEqual(['ForbiddenError']);
  });

  it('rejects invalid variables with graphql-js wording and no upstream call', async () => {
    const document = parse('query($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid } }');
    const variables = { refs: [{ profileGuid: 42 }, 'x'] };
    const expected = await interpreted(document, variables);
    const actual = observable(await compiledOnce().execute(request(document, variables)));
    expect(actual).toEqual(expected);
    expect(actual.json.errors.length).toBeGreaterThan(0);
    expect(actual.json.errors[0].message).toMatch(/^Variable "\$refs" got invalid value/);
    expect(sandbox.stats().total).toBe(0);
  });

  it('answers a bad user input error with its code and field', async () => {
    const document = parse('mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields } }');
    const variables = { input: { customerIdentification: ZOE.customerIdentification, customerData: { email: 'not-an-email' } } };
    const expected = await interpreted(document, variables);
    const actual = observable(await compiledOnce().execute(request(document, variables)));
    expect(actual).toEqual(expected);
    expect(actual.extensions?.[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.customerData.email' });
    expect(sandbox.stats().total).toBe(0);
  });
});

describe('when it compiles', () => {
  const document = () => parse(`query($id: String!) { customerProfile(customerIdentification: $id) { profileGuid } }`);

  it('interprets a document the first time and compiles it on its second sighting', async () => {
    const executor = createCompiledExecutor(schema);
    const doc = document();
    const variables = { id: ZOE.customerIdentification };
    const first = await executor.execute(request(doc, variables));
    expect(executor.stats()).toEqual({ compiled: 0, interpreted: 1, compilations: 0 });
    const second = await executor.execute(request(doc, variables));
    const third = await executor.execute(request(doc, variables));
    expect(executor.stats()).toEqual({ compiled: 2, interpreted: 1, compilations: 1 });
    expect(second).toEqual(first);
    expect(third).toEqual({ data: { customerProfile: { profileGuid: ZOE.profileGuid } } });
  });

  it('never compiles documents that are seen once, however many arrive', async () => {
    const executor = createCompiledExecutor(schema);
    for (let i = 0; i < 20; i++) await executor.execute(request(parse(`{ a${i}: __typename }`)));
    expect(executor.stats()).toEqual({ compiled: 0, interpreted: 20, compilations: 0 });
  });

  it('keeps traced requests (federation ftv1) on graphql-js', async () => {
    const executor = createCompiledExecutor(schema, { compileAfter: 1 });
    const doc = document();
    await executor.execute({ ...request(doc, { id: ZOE.customerIdentification }), traced: true });
    expect(executor.stats()).toEqual({ compiled: 0, interpreted: 1, compilations: 0 });
  });

  it('compiles each named operation of a document separately', async () => {
    const executor = createCompiledExecutor(schema, { compileAfter: 1 });
    const doc = parse('query A { __typename } query B { b: __typename }');
    expect(await executor.execute({ ...request(doc), operationName: 'A' })).toEqual({ data: { __typename: 'Query' } });
    expect(await executor.execute({ ...request(doc), operationName: 'B' })).toEqual({ data: { b: 'Query' } });
    expect(executor.stats()).toEqual({ compiled: 2, interpreted: 0, compilations: 2 });
  });

  it("leaves what graphql-jit cannot compile to graphql-js, with graphql-js's error", async () => {
    const executor = createCompiledExecutor(schema, { compileAfter: 1 });
    const doc = parse('query A { __typename } query B { __typename }');
    const result = await executor.execute(request(doc)); // no operationName for two operations
    expect(result.errors?.map((e) => e.message)).toEqual(['Must provide operation name if query contains multiple operations.']);
    await executor.execute(request(doc));
    expect(executor.stats()).toEqual({ compiled: 0, interpreted: 2, compilations: 1 });
  });

  it('forgets the least recently used documents beyond maxDocuments', async () => {
    const executor = createCompiledExecutor(schema, { maxDocuments: 2 });
    const [a, b, c] = [parse('{ a: __typename }'), parse('{ b: __typename }'), parse('{ c: __typename }')];
    await executor.execute(request(a));
    await executor.execute(request(b));
    await executor.execute(request(c)); // evicts a
    await executor.execute(request(a)); // a counts from zero again: interpreted, evicts b
    await executor.execute(request(c)); // c's second sighting: compiled
    expect(executor.stats()).toEqual({ compiled: 1, interpreted: 4, compilations: 1 });
  });

  it('refuses nonsensical options', () => {
    expect(() => createCompiledExecutor(schema, { compileAfter: 0 })).toThrow(RangeError);
    expect(() => createCompiledExecutor(schema, { maxDocuments: 0 })).toThrow(RangeError);
  });
});
