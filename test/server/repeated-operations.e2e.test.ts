/**
 * Repeated operations over HTTP (graphql-js the first time, a compiled plan from the second on,
 * the fast path from the third) answer the same every time, with compiled execution and the fast
 * path on and off, and a router's trace request gets Apollo's inline trace with field timings.
 */
import { CHECKOUT } from '../support/checkout-query';
import { startStack, type Stack } from '../support/stack';
import { ZOE } from '../graphql/support/e2e';

const MISSING = `query Missing($id: String!) { customerProfile(customerIdentification: $id) { profileGuid } }`;

describe.each([
  ['compiled execution and its fast path (default)', {}],
  ['GRAPHQL_FAST_PATH=false', { GRAPHQL_FAST_PATH: 'false' }],
  ['GRAPHQL_COMPILED_EXECUTION=false', { GRAPHQL_COMPILED_EXECUTION: 'false' }],
])('a repeated operation, %s', (_mode, env) => {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ env })));
  afterAll(() => stack.close());

  it('answers a repeated checkout query identically, one upstream call each', async () => {
    stack.sandbox.resetStats();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await stack.graphql(CHECKOUT, { id: ZOE.customerIdentification }));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(answers[0].body);
    }
    expect(answers[0].body.data.customerProfile.profileGuid).toBe(ZOE.profileGuid);
    expect(answers[0].body.data.customerProfile.preferredInstrument.paymentData.__typename).toBe('CardData');
    expect(stack.upstreamCalls('getProfile')).toBe(4);
  });

  it('answers null for a missing profile every time', async () => {
    for (let i = 0; i < 3; i++) {
      const { body } = await stack.graphql(MISSING, { id: 'no-such-customer' });
      expect(body).toEqual({ data: { customerProfile: null } });
    }
  });

  it('rejects a bad variable with 400 BAD_USER_INPUT every time, before any upstream call', async () => {
    stack.sandbox.resetStats();
    for (let i = 0; i < 3; i++) {
      const { status, body } = await stack.graphql(CHECKOUT, { id: 42 }, { headers: { accept: 'application/graphql-response+json' } });
      expect(status).toBe(400);
      expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("returns Apollo's inline trace (ftv1) to a router that asks for it", async () => {
    await stack.graphql(CHECKOUT, { id: ZOE.customerIdentification });
    const { body } = await stack.graphql(CHECKOUT, { id: ZOE.customerIdentification }, { headers: { 'apollo-federation-include-trace': 'ftv1' } });
    expect(body.data.customerProfile.profileGuid).toBe(ZOE.profileGuid);
    const trace = (body as { extensions?: { ftv1?: unknown } }).extensions?.ftv1;
    expect(typeof trace).toBe('string');
    // The protobuf trace names the fields it timed.
    expect(Buffer.from(trace as string, 'base64').toString('latin1')).toContain('paymentInstruments');
  });
});
