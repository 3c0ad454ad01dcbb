/**
 * Issue 13 §5: production told too much.
 * - `_service { sdl }` answered anonymously; it is for the federation router: its shared secret
 *   (ROUTER_SECRET, header `x-router-secret`) or an operator token.
 * - Any client could ask for federated traces (`apollo-federation-include-trace: ftv1`) with
 *   per-field timings: honoured for the router only.
 * - Variable-coercion errors kept "Did you mean …?" suggestions in production.
 * - 200 anonymous junk operation names filled /metrics' label slots.
 * - With IXOPAY_BASE_URL set and NODE_ENV unset the process ran in development mode (stack
 *   traces, introspection, the landing page): production is the default outside demo mode.
 */
import { startStack, type Stack } from '../../support/stack';
import { operatorToken, shopperToken } from './support';

const ROUTER_SECRET = 'router-secret-for-the-security-tests-0123456789';
const TRACE = { 'apollo-federation-include-trace': 'ftv1' };

describe('router-only federation fields (NODE_ENV=production, ROUTER_SECRET set)', () => {
  let stack: Stack;
  let shopper: string;
  let operator: string;
  beforeAll(async () => {
    stack = await startStack({ env: { NODE_ENV: 'production', ROUTER_SECRET } });
    shopper = await shopperToken(stack, 'cust-0001');
    operator = await operatorToken(stack, 'profiles:read');
  });
  afterAll(() => stack.close());

  const SDL = '{ _service { sdl } }';

  test('_service without a token or secret: UNAUTHENTICATED, no SDL', async () => {
    const res = await stack.graphql(SDL, undefined, { token: null });
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(res.body)).not.toMatch(/type CustomerProfile/);
  });

  test('_service with a wrong router secret: UNAUTHENTICATED', async () => {
    const res = await stack.graphql(SDL, undefined, { token: null, headers: { 'x-router-secret': `${ROUTER_SECRET.slice(0, -1)}x` } });
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('_service with a shopper token: FORBIDDEN', async () => {
    const res = await stack.graphql(SDL, undefined, { token: shopper });
    expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(res.body)).not.toMatch(/type CustomerProfile/);
  });

  test.each([
    ['the router secret', { token: null, headers: { 'x-router-secret': ROUTER_SECRET } }],
    ['an operator token', {}],
  ] as const)('_service with %s: the SDL', async (_who, options) => {
    const res = await stack.graphql(SDL, undefined, 'token' in options ? options : { token: operator });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data._service.sdl).toMatch(/type CustomerProfile/);
  });

  const traced = async (query: string, options: { token?: string | null; headers?: Record<string, string> }) => {
    const res = await stack.graphql(query, undefined, { ...options, headers: { ...TRACE, ...options.headers } });
    return res.body as { data?: unknown; errors?: unknown[]; extensions?: Record<string, unknown> };
  };

  test('ftv1 asked for by an anonymous caller: no trace', async () => {
    // Twice: the second sighting is the one compiled execution would take.
    for (let i = 0; i < 2; i++) {
      const body = await traced('{ __typename }', { token: null });
      expect(body.data).toEqual({ __typename: 'Query' });
      expect(body.extensions?.ftv1).toBeUndefined();
    }
  });

  test('ftv1 asked for by a shopper: no trace', async () => {
    const body = await traced('{ myCustomerProfile { profileGuid } }', { token: shopper });
    expect(body.errors).toBeUndefined();
    expect(body.extensions?.ftv1).toBeUndefined();
  });

  test('ftv1 asked for with the router secret: a trace', async () => {
    const body = await traced('{ __typename }', { token: null, headers: { 'x-router-secret': ROUTER_SECRET } });
    expect(body.data).toEqual({ __typename: 'Query' });
    expect(typeof body.extensions?.ftv1).toBe('string');
  });

  test('ftv1 asked for with an operator token: a trace', async () => {
    const body = await traced('{ customerProfile(customerIdentification: "cust-0001") { profileGuid } }', { token: operator });
    expect(body.errors).toBeUndefined();
    expect(typeof body.extensions?.ftv1).toBe('string');
  });

  test('a misspelt enum value and input field in $input get no "Did you mean" suggestion', async () => {
    for (const customerData of [{ gender: 'f' }, { firstNme: 'Zoe' }]) {
      const res = await stack.graphql(
        'mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields } }',
        { input: { customerIdentification: 'cust-0001', customerData } },
        { token: await operatorToken(stack, 'profiles:write') },
      );
      expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(res.body)).not.toMatch(/did you mean/i);
      expect(stack.upstreamCalls('updateProfile')).toBe(0);
    }
  });

  test('a misspelt enum literal and argument name get no suggestion either', async () => {
    for (const query of [
      'mutation { updateCustomerProfile(input: { customerIdentification: "cust-0001", customerData: { gender: f } }) { changedFields } }',
      '{ customerProfile(customerIdentifcation: "cust-0001") { profileGuid } }',
    ]) {
      const res = await stack.graphql(query, undefined, { token: operator });
      expect(res.body.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(res.body)).not.toMatch(/did you mean/i);
    }
  });

  test('/metrics: anonymous junk operation names and failed documents take no label slot', async () => {
    // More distinct names than the label slots (200): anonymous valid operations…
    for (let i = 0; i < 210; i++) {
      await stack.graphql(`query Junk${i} { __typename }`, undefined, { token: null, operationName: `Junk${i}` });
    }
    // …and authenticated callers' documents that never resolve to an operation.
    for (let i = 0; i < 20; i++) {
      await stack.graphql(`query Invalid${i} { noSuchField }`, undefined, { token: operator, operationName: `Invalid${i}` });
    }
    await stack.graphql('query RealCheckout { customerProfile(customerIdentification: "cust-0001") { profileGuid } }', undefined, {
      token: operator,
      operationName: 'RealCheckout',
    });
    const metrics = await (await fetch(`${new URL(stack.gatewayUrl).origin}/metrics`)).text();
    expect(metrics).not.toMatch(/operation_name="Junk\d+"/);
    expect(metrics).not.toMatch(/operation_name="Invalid\d+"/);
    expect(metrics).toMatch(/graphql_operations_total\{operation_name="RealCheckout",operation_type="query",outcome="ok"\} 1/);
  });
});

describe('IXOPAY_BASE_URL set and NODE_ENV unset: production by default', () => {
  let stack: Stack;
  beforeAll(async () => {
    // startStack sets NODE_ENV=test; an empty value is "unset" to the configuration.
    stack = await startStack({ env: { NODE_ENV: '' } });
  });
  afterAll(() => stack.close());

  test('introspection is off', async () => {
    const res = await stack.graphql('{ __schema { queryType { name } } }');
    expect(res.body.data ?? undefined).toBeUndefined();
    expect(res.body.errors?.[0].message).toMatch(/introspection/i);
  });

  test('no landing page and no explorer', async () => {
    const landing = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(await landing.text()).not.toMatch(/<html|embeddable-sandbox|apollo-sandbox/i);
    const explorer = await fetch(`${new URL(stack.gatewayUrl).origin}/explorer`);
    expect(explorer.status).toBe(404);
  });

  test('errors carry no stack trace, no absolute path and no suggestion', async () => {
    const answers = await Promise.all([
      stack.graphql('{ customerProfile(customerIdentification: "cust-0001", profileGuid: "x") { profileGuid } }'),
      stack.graphql('{ customerProfil(customerIdentification: "cust-0001") { profileGuid } }'),
      stack.graphql('{ customerProfile(customerIdentification: "cust-0001") { profileGuid } }', undefined, { token: 'not-a-jwt' }),
    ]);
    for (const res of answers) {
      expect(res.body.errors?.length).toBeGreaterThan(0);
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/stacktrace/);
      expect(text).not.toMatch(/\/(?:work|home|src|node_modules)\/|\.ts:\d+/);
      expect(text).not.toMatch(/did you mean/i);
    }
  });

  test('an upstream failure is reported without its reason, URL or body', async () => {
    stack.sandbox.faults.add({ mode: '500', operation: 'getProfile' });
    try {
      const res = await stack.graphql('{ customerProfile(customerIdentification: "cust-0001") { profileGuid } }');
      expect(res.body.errors?.[0].extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(JSON.stringify(res.body)).not.toContain(stack.sandbox.url.replace('http://', ''));
    } finally {
      stack.sandbox.faults.clear();
    }
  });
});

describe('/metrics behind METRICS_TOKEN', () => {
  const METRICS_TOKEN = 'metrics-token-for-the-security-tests';
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { NODE_ENV: 'production', METRICS_TOKEN } });
  });
  afterAll(() => stack.close());

  const metrics = (authorization?: string) =>
    fetch(`${new URL(stack.gatewayUrl).origin}/metrics`, { headers: authorization === undefined ? {} : { authorization } });

  test.each([
    ['no credentials', undefined],
    ['a wrong token', `Bearer ${METRICS_TOKEN.slice(0, -1)}X`],
    ['a prefix of the token', `Bearer ${METRICS_TOKEN.slice(0, 16)}`],
    ['a valid GraphQL operator token', 'operator'],
  ])('%s: 401 and no metrics', async (_what, authorization) => {
    const header = authorization === 'operator' ? `Bearer ${await operatorToken(stack, 'profiles:read profiles:write')}` : authorization;
    const res = await metrics(header);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toMatch(/nodejs_|graphql_operations_total/);
  });

  test('the metrics token: the exposition', async () => {
    const res = await metrics(`Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/nodejs_heap_size_used_bytes/);
  });
});
