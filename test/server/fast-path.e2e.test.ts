/**
 * The compiled fast path answers a hot query before Apollo's pipeline, and a client cannot tell:
 * two real gateways, each on its own sandbox, one with the fast path and one with
 * GRAPHQL_FAST_PATH=false, must answer every request with the same status, headers and bytes.
 * Whatever the fast path does not answer itself (errors, refused callers, odd requests, accept
 * values Apollo has not answered yet, trace requests) must reach Apollo unchanged.
 */
import { CHECKOUT } from '../support/checkout-query';
import { startStack, type Stack } from '../support/stack';
import { MIRA, ZOE } from '../graphql/support/e2e';

const PROFILES = `query Profiles($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid } }`;

const TWO_OPERATIONS = `query First { a: customerProfile(customerIdentification: "${ZOE.customerIdentification}") { profileGuid } }
query Second { b: customerProfile(customerIdentification: "${MIRA.customerIdentification}") { profileGuid } }`;

interface Answer {
  status: number;
  contentType: string | null;
  /** Every response header but the per-response ones (date, x-request-id). */
  headers: Record<string, string>;
  text: string;
}

const PER_RESPONSE_HEADERS = new Set(['date', 'x-request-id']);

let fast: Stack;
let apollo: Stack;

beforeAll(async () => {
  [fast, apollo] = await Promise.all([startStack({ captureLogs: true, logLevel: 'info' }), startStack({ env: { GRAPHQL_FAST_PATH: 'false' } })]);
});
afterAll(async () => {
  await Promise.all([fast?.close(), apollo?.close()]);
});

/** POSTs `body` as is (a string is sent verbatim) with a valid token unless `headers` say otherwise. */
async function post(stack: Stack, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token()}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const answered = Object.fromEntries([...response.headers].filter(([name]) => !PER_RESPONSE_HEADERS.has(name)));
  return { status: response.status, contentType: response.headers.get('content-type'), headers: answered, text: await response.text() };
}

const served = (stack: Stack) => stack.app.gateway.compiledExecutionStats()?.fastPath ?? 0;

/** Sends `body` often enough that the fast path has admitted it (interpreted, compiled, then fast). */
async function warm(stack: Stack, body: unknown, headers?: Record<string, string>) {
  for (let i = 0; i < 3; i++) expect((await post(stack, body, headers)).status).toBe(200);
}

describe('a hot query', () => {
  it('is answered by the fast path with the same status, media type and bytes as by Apollo', async () => {
    const body = { query: CHECKOUT, variables: { id: ZOE.customerIdentification }, operationName: 'Checkout' };
    await warm(fast, body);
    await warm(apollo, body);
    const before = served(fast);
    fast.sandbox.resetStats();

    const answers = [await post(fast, body), await post(fast, body)];
    const reference = await post(apollo, body);

    expect(served(fast)).toBe(before + 2);
    expect(served(apollo)).toBe(0);
    expect(fast.upstreamCalls('getProfile')).toBe(2);
    for (const answer of answers) expect(answer).toEqual(reference);
    expect(reference.status).toBe(200);
    expect(JSON.parse(reference.text).data.customerProfile.profileGuid).toBe(ZOE.profileGuid);
  });

  it.each([
    ['no accept header', undefined],
    ['application/json', 'application/json'],
    ['application/graphql-response+json', 'application/graphql-response+json'],
    ['*/*', '*/*'],
    ['both, graphql-response preferred', 'application/graphql-response+json, application/json;q=0.9'],
    ['both, json preferred', 'application/json, application/graphql-response+json;q=0.5'],
  ])('negotiates the media type as Apollo does: %s', async (_name, accept) => {
    const body = { query: CHECKOUT, variables: { id: MIRA.customerIdentification } };
    const headers: Record<string, string> = accept === undefined ? {} : { accept };
    await warm(fast, body, headers);
    const before = served(fast);
    const answer = await post(fast, body, headers);
    expect(served(fast)).toBe(before + 1);
    expect(answer).toEqual(await post(apollo, body, headers));
  });

  it('keeps the operations of one document apart by operationName', async () => {
    for (const operationName of ['First', 'Second']) await warm(fast, { query: TWO_OPERATIONS, operationName });
    const before = served(fast);
    const first = await post(fast, { query: TWO_OPERATIONS, operationName: 'First' });
    const second = await post(fast, { query: TWO_OPERATIONS, operationName: 'Second' });
    expect(served(fast)).toBe(before + 2);
    expect(JSON.parse(first.text)).toEqual({ data: { a: { profileGuid: ZOE.profileGuid } } });
    expect(JSON.parse(second.text)).toEqual({ data: { b: { profileGuid: MIRA.profileGuid } } });
  });
});

describe('media types', () => {
  it('never answers an accept value Apollo has not answered before: Apollo answers it first, the fast path the next time', async () => {
    const body = { query: `${CHECKOUT}\n# accept learning`, variables: { id: ZOE.customerIdentification } };
    await warm(fast, body, { accept: 'application/json' });
    expect(served(fast)).toBeGreaterThan(0);

    for (const accept of ['application/json, text/plain;q=0.1', 'application/graphql-response+json;q=0.9, application/json;q=0.8']) {
      const before = served(fast);
      const first = await post(fast, body, { accept });
      expect({ accept, served: served(fast) }).toEqual({ accept, served: before });
      const second = await post(fast, body, { accept });
      expect({ accept, served: served(fast) }).toEqual({ accept, served: before + 1 });
      const reference = await post(apollo, body, { accept });
      expect(first).toEqual(reference);
      expect(second).toEqual(reference);
    }
  });

  it('never learns an accept value Apollo refused', async () => {
    const body = { query: `${CHECKOUT}\n# refused accept`, variables: { id: ZOE.customerIdentification } };
    await warm(fast, body);
    const before = served(fast);
    for (let i = 0; i < 3; i++) {
      const answer = await post(fast, body, { accept: 'text/html' });
      expect(answer).toEqual(await post(apollo, body, { accept: 'text/html' }));
      expect(answer.status).toBe(406);
    }
    expect(served(fast)).toBe(before);
  });
});

describe('federated trace requests', () => {
  const TRACE = { 'apollo-federation-include-trace': 'ftv1' };
  const stats = () => fast.app.gateway.compiledExecutionStats()!;
  const since = (before: ReturnType<typeof stats>) => {
    const now = stats();
    return {
      compiled: now.compiled - before.compiled,
      interpreted: now.interpreted - before.interpreted,
      compilations: now.compilations - before.compilations,
      fastPath: now.fastPath - before.fastPath,
    };
  };
  const traced = (answer: Answer) => {
    const body = JSON.parse(answer.text);
    expect(body.data.customerProfile.profileGuid).toBe(ZOE.profileGuid);
    expect(body.extensions?.ftv1).toEqual(expect.any(String));
  };

  it('never go through compiled execution, however often they are repeated', async () => {
    const body = { query: `${CHECKOUT}\n# traced only`, variables: { id: ZOE.customerIdentification } };
    const before = stats();
    for (let i = 0; i < 4; i++) traced(await post(fast, body, TRACE));
    expect(since(before)).toEqual({ compiled: 0, interpreted: 4, compilations: 0, fastPath: 0 });
  });

  it('never go through compiled execution or the fast path for an admitted query', async () => {
    const body = { query: `${CHECKOUT}\n# traced after admission`, variables: { id: ZOE.customerIdentification } };
    await warm(fast, body);
    const before = stats();
    for (let i = 0; i < 2; i++) traced(await post(fast, body, TRACE));
    expect(since(before)).toEqual({ compiled: 0, interpreted: 2, compilations: 0, fastPath: 0 });
    // Without the header, the fast path answers again.
    expect(JSON.parse((await post(fast, body)).text).extensions).toBeUndefined();
    expect(since(before).fastPath).toBe(1);
  });
});

describe('what the fast path hands to Apollo, unchanged', () => {
  const checkout = { query: CHECKOUT, variables: { id: ZOE.customerIdentification } };
  beforeAll(async () => {
    await warm(fast, checkout);
    await warm(fast, { query: PROFILES, variables: { refs: [{ customerIdentification: ZOE.customerIdentification }] } });
  });

  it.each<[string, () => Promise<[unknown, Record<string, string>]>]>([
    ['a variable of the wrong type', async () => [{ ...checkout, variables: { id: 42 } }, {}]],
    ['a missing variable', async () => [{ query: CHECKOUT }, {}]],
    ['variables sent as a JSON string', async () => [{ ...checkout, variables: JSON.stringify(checkout.variables) }, {}]],
    ['an extensions object', async () => [{ ...checkout, extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }, {}]],
    ["an operationName of ''", async () => [{ ...checkout, operationName: '' }, {}]],
    ['an operationName the document lacks', async () => [{ ...checkout, operationName: 'Nope' }, {}]],
    ['an accept header Apollo refuses (406)', async () => [checkout, { accept: 'text/html' }]],
    ['no token', async () => [checkout, { authorization: '' }]],
    ['a malformed token', async () => [checkout, { authorization: 'Bearer not.a.jwt' }]],
    [
      'a shopper asking for another customer',
      async () => [checkout, { authorization: `Bearer ${await fast.token({ scope: '', sub: MIRA.customerIdentification })}` }],
    ],
    [
      'more refs than MAX_PROFILE_REFS, in a variable',
      async () => [
        { query: PROFILES, variables: { refs: Array.from({ length: 101 }, () => ({ customerIdentification: ZOE.customerIdentification })) } },
        {},
      ],
    ],
    ['a batch (JSON array)', async () => [[checkout], {}]],
  ])('%s', async (_name, build) => {
    const [body, headers] = await build();
    const before = served(fast);
    fast.sandbox.resetStats();
    apollo.sandbox.resetStats();
    const answer = await post(fast, body, headers);
    const reference = await post(apollo, body, headers);
    expect(served(fast)).toBe(before);
    expect(answer.status).toBe(reference.status);
    expect(answer.contentType).toBe(reference.contentType);
    expect(JSON.parse(answer.text)).toEqual(JSON.parse(reference.text));
    expect(JSON.parse(answer.text).errors?.length).toBeGreaterThan(0);
    // Whatever the fast path tried first cost no extra upstream call.
    expect(fast.upstreamCalls()).toBe(apollo.upstreamCalls());
  });

  it("answers a router's trace request through Apollo, with the inline trace", async () => {
    const before = served(fast);
    const answer = await post(fast, checkout, { 'apollo-federation-include-trace': 'ftv1' });
    expect(served(fast)).toBe(before);
    expect(JSON.parse(answer.text).extensions?.ftv1).toEqual(expect.any(String));
  });

  it('answers an upstream failure through Apollo with its error code, after no more upstream calls than Apollo alone', async () => {
    const before = served(fast);
    const answers: Answer[] = [];
    for (const stack of [fast, apollo]) {
      stack.sandbox.resetStats();
      // Until cleared: the client retries a garbled answer within the call.
      stack.sandbox.faults.add({ mode: 'malformed', operation: 'getProfile' });
      try {
        answers.push(await post(stack, checkout));
      } finally {
        stack.sandbox.faults.clear();
      }
    }
    const [answer, reference] = answers;
    expect(served(fast)).toBe(before);
    expect(answer).toEqual(reference);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(fast.upstreamCalls('getProfile')).toBe(apollo.upstreamCalls('getProfile'));
    // And the next request is fast again.
    expect((await post(fast, checkout)).status).toBe(200);
    expect(served(fast)).toBe(before + 1);
  });

  it('answers after a retried upstream failure from the fast path, after as many upstream calls as Apollo', async () => {
    const before = served(fast);
    const answers: Answer[] = [];
    for (const stack of [fast, apollo]) {
      stack.sandbox.resetStats();
      stack.sandbox.faults.add({ mode: 'malformed', operation: 'getProfile', count: 1 });
      answers.push(await post(stack, checkout));
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(JSON.parse(answers[0].text).errors).toBeUndefined();
    expect(served(fast)).toBe(before + 1);
    expect(fast.upstreamCalls('getProfile')).toBe(apollo.upstreamCalls('getProfile'));
  });
});

describe('observability', () => {
  it('logs each fast-path operation like an Apollo one: request id, name, outcome, status, query hash', async () => {
    const body = { query: CHECKOUT, variables: { id: ZOE.customerIdentification }, operationName: 'Checkout' };
    await warm(fast, body);
    fast.logs.length = 0;
    const before = served(fast);
    const response = await fetch(fast.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await fast.token()}`, 'x-request-id': 'fast-path-log-1' },
      body: JSON.stringify(body),
    });
    await response.text();
    expect(served(fast)).toBe(before + 1);
    const lines = fast.logs.map((line) => JSON.parse(line)).filter((line) => line.msg === 'graphql operation');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      requestId: 'fast-path-log-1',
      operationName: 'Checkout',
      operationType: 'query',
      outcome: 'ok',
      errorCodes: [],
      httpStatus: 200,
      queryHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(lines[0].durationMs).toEqual(expect.any(Number));
    expect(fast.logs.join('\n')).not.toContain(ZOE.customerIdentification);
  });

  it('counts fast-path operations in graphql_operations_total and the duration histogram', async () => {
    const body = { query: CHECKOUT, variables: { id: ZOE.customerIdentification }, operationName: 'Checkout' };
    await warm(fast, body);
    const metric = async () => {
      const text = await (await fetch(fast.gatewayUrl.replace('/graphql', '/metrics'))).text();
      const count = (re: RegExp) => Number(text.match(re)?.[1] ?? 0);
      return {
        operations: count(/^graphql_operations_total\{operation_name="Checkout",operation_type="query",outcome="ok"\} (\d+)/m),
        durations: count(/^graphql_operation_duration_seconds_count\{operation_name="Checkout",operation_type="query"\} (\d+)/m),
      };
    };
    const before = await metric();
    const servedBefore = served(fast);
    for (let i = 0; i < 3; i++) await post(fast, body);
    expect(served(fast)).toBe(servedBefore + 3);
    expect(await metric()).toEqual({ operations: before.operations + 3, durations: before.durations + 3 });
  });
});

describe('the per-request limit checks', () => {
  let limited: Stack;
  beforeAll(async () => (limited = await startStack({ env: { LIMIT_MAX_COST: '5' } })));
  afterAll(() => limited?.close());

  it('refuses through Apollo an admitted document whose variables now cost too much', async () => {
    const refs = (n: number) => Array.from({ length: n }, () => ({ customerIdentification: ZOE.customerIdentification }));
    await warm(limited, { query: PROFILES, variables: { refs: refs(2) } });
    const before = served(limited);
    limited.sandbox.resetStats();

    const answer = await post(limited, { query: PROFILES, variables: { refs: refs(10) } }, { accept: 'application/graphql-response+json' });

    expect(served(limited)).toBe(before);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' });
    expect(limited.upstreamCalls()).toBe(0);
    // Within the limit again: the fast path answers.
    expect((await post(limited, { query: PROFILES, variables: { refs: refs(2) } })).status).toBe(200);
    expect(served(limited)).toBe(before + 1);
  });
});
