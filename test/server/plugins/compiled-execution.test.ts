/**
 * Compiled execution and its fast path, over real HTTP: a gateway with compiled execution (the
 * default) answers exactly what a gateway with GRAPHQL_COMPILED_EXECUTION=false answers — status,
 * media type, headers and bytes — for every example operation, refused callers, invalid variables
 * and upstream failures, with no extra upstream call; and it compiles only what it should. Each
 * stack has its own sandbox on 127.0.0.1.
 */
import { compiledExecutionPlugin } from '../../../src/server/plugins/compiled-execution';
import { OperationStore } from '../../../src/server/operations/operation-store';
import { startStack, type Stack } from '../../support/stack';
import { exampleOperations } from '../../graphql/support/operations';
import { MIRA, ZOE } from '../../graphql/support/e2e';
import { fresh, json, post, stats, statsSince, type PostOptions, type RawAnswer } from './over-http';

let compiled: Stack;
let reference: Stack;

beforeAll(async () => {
  [compiled, reference] = await Promise.all([startStack(), startStack({ env: { GRAPHQL_COMPILED_EXECUTION: 'false' } })]);
});
afterAll(async () => {
  await Promise.all([compiled?.close(), reference?.close()]);
});

const QUERY = 'query($id: String!) { customerProfile(customerIdentification: $id) { profileGuid } }';

/** A shopper token owning `customerIdentification` (no profiles scope). */
const shopper = (customerIdentification: string) => compiled.token({ scope: '', sub: customerIdentification });

/** The same request to both stacks, each sandbox freshly reset; the two answers and upstream call counts. */
async function both(body: unknown, options: PostOptions = {}) {
  await Promise.all([compiled.sandbox.reset(), reference.sandbox.reset()]);
  const actual = await post(compiled, body, options);
  const expected = await post(reference, body, options);
  return { actual, expected, calls: { actual: compiled.upstreamCalls(), expected: reference.upstreamCalls() } };
}

/** Asserts the compiled stack answered exactly like the reference, with as many upstream calls. */
async function answersAlike(body: unknown, options: PostOptions = {}): Promise<RawAnswer> {
  const { actual, expected, calls } = await both(body, options);
  expect(actual).toEqual(expected);
  expect(calls.actual).toBe(calls.expected);
  return actual;
}

/** Sends `body` three times (interpreted, compiled, then the fast path), all without error. */
async function admit(body: unknown, options: PostOptions = {}) {
  const before = stats(compiled);
  for (let i = 0; i < 3; i++) {
    const answer = await post(compiled, body, options);
    expect({ status: answer.status, errors: json(answer).errors }).toEqual({ status: 200, errors: undefined });
  }
  expect(statsSince(compiled, before)).toEqual({ compiled: 1, interpreted: 1, compilations: 1, fastPath: 1 });
}

describe('what it compiles', () => {
  it('interprets a query the first time, compiles it on its second sighting, and the fast path answers from the third', async () => {
    const body = { query: fresh(QUERY), variables: { id: ZOE.customerIdentification } };
    const before = stats(compiled);
    const answers: RawAnswer[] = [];
    const expectations = [
      { compiled: 0, interpreted: 1, compilations: 0, fastPath: 0 },
      { compiled: 1, interpreted: 1, compilations: 1, fastPath: 0 },
      { compiled: 1, interpreted: 1, compilations: 1, fastPath: 1 },
      { compiled: 1, interpreted: 1, compilations: 1, fastPath: 2 },
    ];
    for (const expected of expectations) {
      answers.push(await post(compiled, body));
      expect(statsSince(compiled, before)).toEqual(expected);
    }
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(json(answers[0])).toEqual({ data: { customerProfile: { profileGuid: ZOE.profileGuid } } });
  });

  it('never compiles queries seen once, however many arrive', async () => {
    const before = stats(compiled);
    for (let i = 0; i < 20; i++) expect((await post(compiled, { query: fresh(`{ a${i}: __typename }`) })).status).toBe(200);
    expect(statsSince(compiled, before)).toEqual({ compiled: 0, interpreted: 20, compilations: 0, fastPath: 0 });
  });

  it('runs a single-field mutation like a query (interpreted, compiled, then the fast path), one write per request', async () => {
    const body = {
      query: fresh('mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { profile { customer { company } } } }'),
      variables: { input: { customerIdentification: ZOE.customerIdentification, customerData: { company: 'ACME' } } },
    };
    const before = stats(compiled);
    compiled.sandbox.resetStats();
    for (let i = 0; i < 4; i++) {
      expect(json(await post(compiled, body))).toEqual({ data: { updateCustomerProfile: { profile: { customer: { company: 'ACME' } } } } });
    }
    expect(statsSince(compiled, before)).toEqual({ compiled: 1, interpreted: 1, compilations: 1, fastPath: 2 });
    expect(compiled.upstreamCalls('updateProfile')).toBe(4);
  });

  it('runs a mutation with several root fields interpreted, every time', async () => {
    const update = (alias: string, company: string) =>
      `${alias}: updateCustomerProfile(input: { customerIdentification: "${ZOE.customerIdentification}", customerData: { company: "${company}" } }) { changedFields }`;
    const body = { query: fresh(`mutation { ${update('a', 'ACME')} ${update('b', 'Initech')} }`) };
    const before = stats(compiled);
    compiled.sandbox.resetStats();
    for (let i = 0; i < 3; i++) expect(json(await post(compiled, body)).errors).toBeUndefined();
    expect(statsSince(compiled, before)).toEqual({ compiled: 0, interpreted: 3, compilations: 0, fastPath: 0 });
    expect(compiled.upstreamCalls('updateProfile')).toBe(6);
  });

  it('compiles and admits each named operation of a document separately', async () => {
    const document = fresh(`query A { a: customerProfile(customerIdentification: "${ZOE.customerIdentification}") { profileGuid } }
      query B { b: customerProfile(customerIdentification: "${MIRA.customerIdentification}") { profileGuid } }`);
    const before = stats(compiled);
    const ask = async (operationName: string) => json(await post(compiled, { query: document, operationName }));
    // One sighting each: both interpreted.
    expect(await ask('A')).toEqual({ data: { a: { profileGuid: ZOE.profileGuid } } });
    expect(await ask('B')).toEqual({ data: { b: { profileGuid: MIRA.profileGuid } } });
    expect(statsSince(compiled, before)).toEqual({ compiled: 0, interpreted: 2, compilations: 0, fastPath: 0 });
    // Second sighting each: each compiled on its own.
    expect(await ask('A')).toEqual({ data: { a: { profileGuid: ZOE.profileGuid } } });
    expect(await ask('B')).toEqual({ data: { b: { profileGuid: MIRA.profileGuid } } });
    expect(statsSince(compiled, before)).toEqual({ compiled: 2, interpreted: 2, compilations: 2, fastPath: 0 });
    // Third: each answered by the fast path, from its own plan.
    expect(await ask('B')).toEqual({ data: { b: { profileGuid: MIRA.profileGuid } } });
    expect(await ask('A')).toEqual({ data: { a: { profileGuid: ZOE.profileGuid } } });
    expect(statsSince(compiled, before)).toEqual({ compiled: 2, interpreted: 2, compilations: 2, fastPath: 2 });
  });

  it('never admits an answer with errors to the fast path', async () => {
    const body = { query: fresh(QUERY), variables: { id: ZOE.customerIdentification } };
    const stranger = await shopper(MIRA.customerIdentification);
    const before = stats(compiled);
    for (let i = 0; i < 4; i++) {
      const answer = await answersAlike(body, { token: stranger });
      expect(json(answer).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    // Compiled on its second sighting, but every compiled run had errors: graphql-js answered each.
    expect(statsSince(compiled, before)).toEqual({ compiled: 0, interpreted: 4, compilations: 1, fastPath: 0 });
    // The owner's first error-free answer admits it; the fast path answers the next.
    const owner = await shopper(ZOE.customerIdentification);
    expect(json(await post(compiled, body, { token: owner }))).toEqual({ data: { customerProfile: { profileGuid: ZOE.profileGuid } } });
    expect(json(await post(compiled, body, { token: owner }))).toEqual({ data: { customerProfile: { profileGuid: ZOE.profileGuid } } });
    expect(statsSince(compiled, before)).toEqual({ compiled: 1, interpreted: 4, compilations: 1, fastPath: 1 });
  });

  it('refuses a nonsensical compileAfter', () => {
    const store = new OperationStore({ maxBytes: 1 << 20, maxDocumentLength: 1 << 16 });
    expect(() => compiledExecutionPlugin({ store, compileAfter: 0 })).toThrow(RangeError);
    expect(() => compiledExecutionPlugin({ store, compileAfter: 1.5 })).toThrow(RangeError);
  });
});

describe('answers byte for byte like GRAPHQL_COMPILED_EXECUTION=false', () => {
  // Queries here; mutations below ('mutations of an admitted document'): those that create
  // things get different generated ids on each stack.
  const queries = exampleOperations().filter((o) => /^\s*query\b/m.test(o.document));
  it.each(queries.map((o) => [o.name, o] as const))('%s, on every sighting', async (name, operation) => {
    const token = name === 'MyProfile' ? await shopper(ZOE.customerIdentification) : undefined;
    const body = { query: operation.document, variables: operation.variables, operationName: name };
    const before = stats(compiled);
    for (let i = 0; i < 4; i++) {
      const answer = await answersAlike(body, { token });
      expect(answer.status).toBe(200);
      expect(json(answer).errors).toBeUndefined();
    }
    expect(statsSince(compiled, before)).toEqual({ compiled: 1, interpreted: 1, compilations: 1, fastPath: 2 });
  });

  describe('refused callers of an admitted query: the same answer, no second upstream call', () => {
    const body = { query: fresh(QUERY), variables: { id: ZOE.customerIdentification } };
    beforeAll(() => admit(body));

    it.each<[string, () => Promise<PostOptions>, string]>([
      ['a shopper asking for another customer', async () => ({ token: await shopper(MIRA.customerIdentification) }), 'FORBIDDEN'],
      ['no token', async () => ({ token: null }), 'UNAUTHENTICATED'],
      ['a malformed token', async () => ({ token: 'not.a.jwt' }), 'UNAUTHENTICATED'],
      ['an expired token', async () => ({ token: await compiled.token({}, { expiresIn: Math.floor(Date.now() / 1000) - 120 }) }), 'UNAUTHENTICATED'],
    ])('%s', async (_name, options, code) => {
      const requestOptions = await options();
      const before = stats(compiled);
      for (let i = 0; i < 2; i++) {
        const answer = await answersAlike(body, requestOptions);
        expect(json(answer).errors?.[0].extensions?.code).toBe(code);
      }
      expect(statsSince(compiled, before)).toMatchObject({ compiled: 0, fastPath: 0 });
    });

    it('and the owner, a shopper, is answered by the fast path', async () => {
      const before = stats(compiled);
      const answer = await answersAlike(body, { token: await shopper(ZOE.customerIdentification) });
      expect(json(answer)).toEqual({ data: { customerProfile: { profileGuid: ZOE.profileGuid } } });
      expect(statsSince(compiled, before).fastPath).toBe(1);
    });
  });

  describe('invalid variables of an admitted query: the same 400 and wording, no upstream call', () => {
    const REFS_QUERY = fresh('query($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid } }');
    const ID_QUERY = fresh('query($id: String!) { customerProfile(customerIdentification: $id) { profileGuid } }');
    const GUID_QUERY = fresh('query($guid: ID) { customerProfile(profileGuid: $guid) { profileGuid } }');
    beforeAll(async () => {
      await admit({ query: REFS_QUERY, variables: { refs: [{ customerIdentification: ZOE.customerIdentification }] } });
      await admit({ query: ID_QUERY, variables: { id: ZOE.customerIdentification } });
      await admit({ query: GUID_QUERY, variables: { guid: ZOE.profileGuid } });
    });

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
    ])('%s', async (_name, query, variables) => {
      const before = stats(compiled);
      const headers = { accept: 'application/graphql-response+json' };
      const answer = await answersAlike({ query, variables }, { headers });
      expect(answer.status).toBe(400);
      expect(json(answer).errors?.[0].message).toMatch(/^Variable "\$\w+" (got invalid value|of required type|of non-null type)/);
      expect(compiled.upstreamCalls()).toBe(0);
      expect(statsSince(compiled, before)).toMatchObject({ compiled: 0, fastPath: 0 });
    });
  });

  describe('upstream failures of an admitted query: the same code, no second upstream call', () => {
    const body = { query: fresh(QUERY), variables: { id: MIRA.customerIdentification } };
    beforeAll(() => admit(body));

    it.each<[string, { mode: 'malformed' | '500'; count?: number }]>([
      ['a malformed answer on every attempt', { mode: 'malformed' }],
      ['500 on every attempt', { mode: '500' }],
    ])('%s', async (_name, fault) => {
      const before = stats(compiled);
      await Promise.all([compiled.sandbox.reset(), reference.sandbox.reset()]);
      for (const stack of [compiled, reference]) stack.sandbox.faults.add({ ...fault, operation: 'getProfile' });
      try {
        const actual = await post(compiled, body);
        const expected = await post(reference, body);
        expect(actual).toEqual(expected);
        expect(json(actual).errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
        // The client's retries, and not one call more.
        expect(compiled.upstreamCalls('getProfile')).toBe(reference.upstreamCalls('getProfile'));
        expect(compiled.upstreamCalls('getProfile')).toBeGreaterThan(0);
      } finally {
        for (const stack of [compiled, reference]) stack.sandbox.faults.clear();
      }
      expect(statsSince(compiled, before)).toMatchObject({ compiled: 0, fastPath: 0 });
      // Once the upstream answers again, the fast path does too.
      const answer = await answersAlike(body);
      expect(json(answer)).toEqual({ data: { customerProfile: { profileGuid: MIRA.profileGuid } } });
      expect(statsSince(compiled, before).fastPath).toBe(1);
    });

    it('a failed attempt the client retries: the fast path answers, after as many upstream calls', async () => {
      const before = stats(compiled);
      await Promise.all([compiled.sandbox.reset(), reference.sandbox.reset()]);
      for (const stack of [compiled, reference]) stack.sandbox.faults.add({ mode: 'malformed', operation: 'getProfile', count: 1 });
      const actual = await post(compiled, body);
      const expected = await post(reference, body);
      expect(actual).toEqual(expected);
      expect(json(actual)).toEqual({ data: { customerProfile: { profileGuid: MIRA.profileGuid } } });
      expect(compiled.upstreamCalls('getProfile')).toBe(reference.upstreamCalls('getProfile'));
      expect(statsSince(compiled, before).fastPath).toBe(1);
    });
  });

  describe('mutations of an admitted document: the same answer, and never a second write', () => {
    const UPDATE = fresh(`mutation($input: UpdateCustomerProfileInput!) {
      updateCustomerProfile(input: $input) { changedFields profile { customer { company } paymentInstruments { paymentToken } } }
    }`);
    const bodyFor = (customerIdentification: string, company: string) => ({
      query: UPDATE,
      variables: { input: { customerIdentification, customerData: { company } } },
    });
    beforeAll(() => admit(bodyFor(ZOE.customerIdentification, 'Admitted Ltd')));

    /** The same mutation to both stacks (sandboxes reset, `faults` armed on both); both answers and calls. */
    async function writeBoth(body: unknown, faults: Array<{ mode: '500' | 'applied-then-502'; operation: 'getProfile' | 'updateProfile' }> = []) {
      await Promise.all([compiled.sandbox.reset(), reference.sandbox.reset()]);
      for (const stack of [compiled, reference]) for (const fault of faults) stack.sandbox.faults.add(fault);
      try {
        const actual = await post(compiled, body);
        const expected = await post(reference, body);
        expect(actual).toEqual(expected);
        for (const operation of ['updateProfile', 'getProfile']) expect(compiled.upstreamCalls(operation)).toBe(reference.upstreamCalls(operation));
        return actual;
      } finally {
        for (const stack of [compiled, reference]) stack.sandbox.faults.clear();
      }
    }

    it('an error-free write is answered by the fast path', async () => {
      const before = stats(compiled);
      const answer = await writeBoth(bodyFor(ZOE.customerIdentification, 'Fast Ltd'));
      expect(json(answer).data.updateCustomerProfile.profile.customer).toEqual({ company: 'Fast Ltd' });
      expect(compiled.upstreamCalls('updateProfile')).toBe(1);
      expect(statsSince(compiled, before)).toMatchObject({ fastPath: 1 });
    });

    it('the write succeeds and the read behind its payload fails: graphql-js answers, the write ran once', async () => {
      const before = stats(compiled);
      const answer = await writeBoth(bodyFor(ZOE.customerIdentification, 'Half Ltd'), [{ mode: '500', operation: 'getProfile' }]);
      // paymentInstruments is non-null up to the payload: the error nulls the whole answer.
      expect(json(answer).data).toBeNull();
      expect(json(answer).errors?.[0]).toMatchObject({
        path: ['updateCustomerProfile', 'profile', 'paymentInstruments'],
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      });
      expect(compiled.upstreamCalls('updateProfile')).toBe(1);
      expect(statsSince(compiled, before)).toEqual({ compiled: 0, interpreted: 1, compilations: 0, fastPath: 0 });
    });

    it('the write is applied and its answer lost: UPSTREAM_UNAVAILABLE, the write sent once', async () => {
      const answer = await writeBoth(bodyFor(ZOE.customerIdentification, 'Lost Ltd'), [{ mode: 'applied-then-502', operation: 'updateProfile' }]);
      expect(json(answer).errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(compiled.upstreamCalls('updateProfile')).toBe(1);
    });

    it('the profile does not exist: PROFILE_NOT_FOUND, the write sent once', async () => {
      const answer = await writeBoth(bodyFor('nobody-at-all', 'Ghost Ltd'));
      expect(json(answer).errors?.[0].extensions?.code).toBe('PROFILE_NOT_FOUND');
      expect(compiled.upstreamCalls('updateProfile')).toBe(1);
    });

    it('invalid variables: the same 400, nothing written', async () => {
      const answer = await writeBoth({
        query: UPDATE,
        variables: { input: { customerIdentification: ZOE.customerIdentification, customerData: { nickname: 'x' } } },
      });
      expect(json(answer).errors?.[0].message).toMatch(/^Variable "\$input" got invalid value/);
      expect(compiled.upstreamCalls()).toBe(0);
    });
  });
});
