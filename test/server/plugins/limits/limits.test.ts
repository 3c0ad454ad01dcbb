import { request } from 'node:http';
import { ApolloServer, type GraphQLResponse } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { Config } from '../../../../src/config/config';
import { limitsFor, limitsPlugin } from '../../../../src/server/plugins/limits';
import { CHECKOUT_SELECTION, profilesTestSchema, type CallCounts } from '../profiles-test-schema';

type LimitsConfig = Pick<Config, 'limits' | 'loader' | 'nodeEnv'>;

/** The configuration defaults (config.ts). */
const DEFAULTS: LimitsConfig = {
  nodeEnv: 'test',
  limits: { maxDepth: 12, maxAliases: 30, maxTokens: 5000, maxDirectives: 50, maxCost: 1000 },
  loader: { concurrency: 8, maxRefs: 100, maxRepresentations: 100 },
};

interface Harness {
  server: ApolloServer;
  calls: CallCounts;
  run(query: string, variables?: Record<string, unknown>): Promise<{ status: number; data?: unknown; errors: { message: string; extensions?: Record<string, unknown> }[] }>;
}

const servers: ApolloServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

/** An ApolloServer wired with `limitsFor(config)` exactly as the gateway wires it. */
async function harness(
  overrides: { limits?: Partial<LimitsConfig['limits']>; nodeEnv?: LimitsConfig['nodeEnv']; start?: boolean; parseOptions?: boolean } = {},
): Promise<Harness> {
  const { schema, calls } = profilesTestSchema();
  const limits = limitsFor({
    nodeEnv: overrides.nodeEnv ?? DEFAULTS.nodeEnv,
    limits: { ...DEFAULTS.limits, ...overrides.limits },
    loader: DEFAULTS.loader,
  });
  const server = new ApolloServer({
    schema,
    validationRules: limits.validationRules,
    plugins: [...limits.plugins, ApolloServerPluginInlineTraceDisabled()],
    parseOptions: overrides.parseOptions === false ? undefined : limits.parseOptions,
  });
  if (overrides.start ?? true) await server.start();
  servers.push(server);
  return {
    server,
    calls,
    async run(query, variables) {
      const response: GraphQLResponse = await server.executeOperation({ query, variables });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      const { data, errors } = response.body.singleResult;
      return { status: response.http.status ?? 200, data, errors: (errors ?? []) as { message: string; extensions?: Record<string, unknown> }[] };
    },
  };
}

const refs = (n: number) => Array.from({ length: n }, (_, i) => ({ profileGuid: `p${i}` }));
const representations = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'CustomerProfile', profileGuid: `p${i}` }));
const aliased = (n: number, field = 'customerProfile(profileGuid: "p1") { profileGuid }') =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join('\n')} }`;

const CUSTOMER_PROFILES = `query Checkout($refs: [ProfileRefInput!]!) { customerProfiles(refs: $refs) { ${CHECKOUT_SELECTION} } }`;
const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on CustomerProfile { ${CHECKOUT_SELECTION} } }
}`;

describe('query limits with the default configuration', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  beforeEach(() => {
    for (const key of Object.keys(h.calls)) delete h.calls[key];
  });

  it('lets the benchmark query through: customerProfiles with 100 refs and a checkout selection', async () => {
    const result = await h.run(CUSTOMER_PROFILES, { refs: refs(100) });
    expect(result.errors).toEqual([]);
    expect((result.data as { customerProfiles: unknown[] }).customerProfiles).toHaveLength(100);
    expect(h.calls).toEqual({ customerProfiles: 1 });
  });

  it('lets the benchmark query through: _entities with 100 representations and a checkout selection', async () => {
    const result = await h.run(ENTITIES, { representations: representations(100) });
    expect(result.errors).toEqual([]);
    expect(h.calls).toEqual({ __resolveReference: 100 });
  });

  it('lets a single-profile checkout query and the federation _service query through', async () => {
    expect((await h.run(`{ customerProfile(profileGuid: "p1") { ${CHECKOUT_SELECTION} } }`)).errors).toEqual([]);
    expect((await h.run('{ _service { sdl } }')).errors).toEqual([]);
  });

  it('rejects more aliases than maxAliases before any resolver runs', async () => {
    const result = await h.run(aliased(31));
    expect(result.status).toBe(400);
    expect(result.errors).toEqual([
      { message: 'Aliases limit of 30 exceeded, found 31.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxAliases' } },
    ]);
    expect(h.calls).toEqual({});
  });

  it('accepts exactly maxAliases aliases', async () => {
    expect((await h.run(aliased(30))).errors).toEqual([]);
    expect(h.calls).toEqual({ customerProfile: 30 });
  });

  it('rejects more directives than maxDirectives', async () => {
    const fields = Array.from({ length: 51 }, () => 'profileGuid @include(if: true)').join(' ');
    const result = await h.run(`{ customerProfile(profileGuid: "p1") { ${fields} } }`);
    expect(result.errors).toEqual([
      { message: 'Directives limit of 50 exceeded, found 51.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxDirectives' } },
    ]);
    expect(h.calls).toEqual({});
  });

  it('rejects a document of more than maxTokens tokens while parsing', async () => {
    const result = await h.run(`{ customerProfile(profileGuid: "p1") { ${'profileGuid '.repeat(5000)} } }`);
    expect(result.status).toBe(400);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({
      message: 'Token limit of 5000 exceeded.',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' },
    });
    expect(h.calls).toEqual({});
  });

  it('still refuses an oversized document when ApolloServer was built without the parseOptions', async () => {
    const unwired = await harness({ parseOptions: false });
    // Valid GraphQL (1 + 5 tokens per ref), so it would reach execution but for the plugin.
    const bigLiteral = `{ customerProfiles(refs: [${'{ profileGuid: "p" } '.repeat(1000)}]) { profileGuid } }`;
    // Invalid too (graphql-js gives up comparing 5000 fields): still reported as the token limit.
    const bigSelection = `{ customerProfile(profileGuid: "p1") { ${'profileGuid '.repeat(5000)} } }`;
    for (const [query, attempt] of [[bigLiteral, 'parsed'], [bigLiteral, 'cached'], [bigSelection, 'invalid']]) {
      const result = await unwired.run(query);
      expect({ attempt, status: result.status, errors: result.errors }).toEqual({
        attempt,
        status: 400,
        errors: [{ message: 'Token limit of 5000 exceeded.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' } }],
      });
    }
    expect(unwired.calls).toEqual({});
  });

  it('leaves ordinary syntax and validation errors with their own codes', async () => {
    expect((await h.run('{ customerProfile(')).errors[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const invalid = await h.run('{ customerProfile { nope } }');
    expect(invalid.errors[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(invalid.errors[0].message).toMatch(/Cannot query field "nope"/);
  });

  it('rejects an operation whose upstream cost exceeds maxCost (aliased 100-ref lists)', async () => {
    const query = `query Many($refs: [ProfileRefInput!]!) { ${Array.from({ length: 10 }, (_, i) => `l${i}: customerProfiles(refs: $refs) { profileGuid }`).join(' ')} }`;
    const result = await h.run(query, { refs: refs(100) });
    expect(result.status).toBe(400);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' });
    expect(result.errors[0].message).toBe('Query cost limit of 1000 exceeded, found 1020 (1000 upstream calls).');
    expect(h.calls).toEqual({});
  });

  it('rejects more refs than maxRefs as BAD_USER_INPUT on field refs (variables and literals)', async () => {
    const viaVariables = await h.run(CUSTOMER_PROFILES, { refs: refs(101) });
    expect(viaVariables.status).toBe(400);
    expect(viaVariables.errors).toEqual([
      { message: 'customerProfiles accepts at most 100 refs, got 101.', extensions: { code: 'BAD_USER_INPUT', field: 'refs' } },
    ]);
    const literal = `{ customerProfiles(refs: [${refs(101).map((r) => `{ profileGuid: "${r.profileGuid}" }`).join(', ')}]) { profileGuid } }`;
    expect((await h.run(literal)).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'refs' });
    expect(h.calls).toEqual({});
  });

  it('rejects more representations than maxRepresentations as BAD_USER_INPUT on field representations', async () => {
    const result = await h.run(ENTITIES, { representations: representations(101) });
    expect(result.errors).toEqual([
      { message: '_entities accepts at most 100 representations, got 101.', extensions: { code: 'BAD_USER_INPUT', field: 'representations' } },
    ]);
    expect(h.calls).toEqual({});
  });

  it('keeps field suggestions outside production', async () => {
    const result = await h.run('{ customerProfile { profileGud } }');
    expect(result.errors[0].message).toMatch(/Did you mean "profileGuid"\?/);
  });
});

describe('query limits with tightened configuration', () => {
  it('rejects a query deeper than maxDepth; fragments do not count as depth', async () => {
    const h = await harness({ limits: { maxDepth: 3 } });
    const deep = '{ customerProfile(profileGuid: "p1") { preferredInstrument { paymentData { ... on CardData { brand } } } } }';
    const result = await h.run(deep);
    expect(result.status).toBe(400);
    expect(result.errors).toEqual([
      { message: 'Query depth limit of 3 exceeded, found 4.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxDepth' } },
    ]);
    expect((await h.run('{ customerProfile(profileGuid: "p1") { ...P } } fragment P on CustomerProfile { customer { ... on Customer { email } } }')).errors).toEqual([]);
    expect(h.calls).toEqual({ customerProfile: 1 });
  });

  it('prices mutations: updateCustomerProfile 2, deleteCustomerProfile 1, every alias counted', async () => {
    const h = await harness({ limits: { maxCost: 4 } });
    const updates = (n: number) =>
      `mutation { ${Array.from({ length: n }, (_, i) => `u${i}: updateCustomerProfile(profileGuid: "p${i}") { profileGuid }`).join(' ')} }`;
    expect((await h.run(updates(1))).errors).toEqual([]);
    const rejected = await h.run(updates(2));
    expect(rejected.errors[0]).toEqual({
      message: 'Query cost limit of 4 exceeded, found 4.04 (4 upstream calls).',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' },
    });
    const deletes = `mutation { ${Array.from({ length: 3 }, (_, i) => `d${i}: deleteCustomerProfile(profileGuid: "p${i}")`).join(' ')} }`;
    expect((await h.run(deletes)).errors).toEqual([]);
    expect(h.calls).toEqual({ updateCustomerProfile: 1, deleteCustomerProfile: 3 });
  });

  it('counts root fields reached through fragments, and list sizes from variable defaults', async () => {
    const h = await harness({ limits: { maxCost: 5 } });
    const query = `query Q($refs: [ProfileRefInput!]! = [{ profileGuid: "a" }, { profileGuid: "b" }, { profileGuid: "c" }]) {
      ...Roots
      ... on Query { myCustomerProfile { profileGuid } }
    }
    fragment Roots on Query { customerProfiles(refs: $refs) { profileGuid } customerProfile(profileGuid: "p") { profileGuid } }`;
    const result = await h.run(query);
    // 3 refs + 1 + 1 = 5 upstream calls, plus field costs.
    expect(result.errors[0].message).toBe('Query cost limit of 5 exceeded, found 5.1 (5 upstream calls).');
    expect(h.calls).toEqual({});
  });

  it('measures exponentially nested fragment spreads in linear time and refuses them', async () => {
    const h = await harness();
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const query = `{ ...F0 }\n${fragments}\nfragment F${levels} on Query { customerProfile(profileGuid: "p") { profileGuid } }`;
    const started = Date.now();
    const result = await h.run(query);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' });
    expect(h.calls).toEqual({});
  });

  it('hides field suggestions in production', async () => {
    const h = await harness({ nodeEnv: 'production' });
    const result = await h.run('{ customerProfile { profileGud } }');
    expect(result.errors[0].message).toBe('Cannot query field "profileGud" on type "CustomerProfile".');
  });
});

describe('query limits over HTTP', () => {
  it('answers 400 with QUERY_TOO_COMPLEX and no internal extensions', async () => {
    const { server, calls } = await harness({ start: false });
    const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
    const response = await postJson(url, { query: aliased(31) });
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'maxAliases' });
    expect(calls).toEqual({});
  });
});

/** One POST on its own connection (no keep-alive socket outlives the test). */
function postJson(url: string, payload: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(payload));
  });
}

describe('limitsPlugin', () => {
  it('refuses a listener with a hook it would not run, instead of dropping it silently', () => {
    expect(() => limitsPlugin([{ async willSendResponse() {} }])).toThrow(
      'limitsPlugin runs only validationDidStart, didResolveOperation, didEncounterErrors; got willSendResponse',
    );
  });
});
